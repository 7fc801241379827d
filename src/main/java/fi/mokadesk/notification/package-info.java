/**
 * The notification centre: notices for people (SLA warnings and breaches today), kept per person with a
 * read mark, shown behind the bell in the navigation and pushed live to open pages. Copies by email or chat
 * are the sender's to make, through the outbox, for the people {@code Notifications.notify} reports as newly
 * told.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Notifications",
        allowedDependencies = {"database", "kernel", "workspace"})
package fi.mokadesk.notification;
