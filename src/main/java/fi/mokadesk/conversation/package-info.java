/**
 * Contacts, conversations and their messages: ingest from every channel, the inbox and its search,
 * replies and internal notes, status and assignment, hiding. Customer messages are never deleted.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Conversations",
        allowedDependencies = {"database", "kernel", "workspace"})
package fi.mokadesk.conversation;
