package fi.mokadesk.conversation;

import java.time.Instant;
import java.util.UUID;

/** A customer message started a new conversation (published with the message that started it). */
public record ConversationCreated(
        UUID workspaceId, UUID conversationId, UUID contactId, String channel, boolean isPublic, Instant at) {}
