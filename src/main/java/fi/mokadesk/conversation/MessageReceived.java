package fi.mokadesk.conversation;

import java.time.Instant;
import java.util.UUID;

/** A new customer message was stored (published inside the storing transaction). */
public record MessageReceived(
        UUID workspaceId,
        UUID conversationId,
        UUID messageId,
        String channel,
        boolean isPublic,
        String text,
        Instant receivedAt) {}
