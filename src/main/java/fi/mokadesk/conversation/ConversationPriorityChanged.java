package fi.mokadesk.conversation;

import java.util.UUID;

/** An agent changed the conversation's priority (SLA targets depend on it). */
public record ConversationPriorityChanged(
        UUID workspaceId, UUID conversationId, Priority from, Priority to, String by) {}
