package fi.mokadesk.conversation;

import java.util.UUID;

/** An agent's reply to the customer was stored and now has to leave through its channel. */
public record ReplySent(
        UUID workspaceId,
        UUID conversationId,
        UUID messageId,
        String channel,
        String threadKey,
        String inReplyToExternalId,
        String authorName,
        String text) {}
