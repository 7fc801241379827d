package fi.mokadesk.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * The conversation's first reply to the customer was stored (published alongside its {@link ReplySent}).
 *
 * @param authorUserId the person who replied; null when an integration replied with an API token
 */
public record FirstReplySent(
        UUID workspaceId, UUID conversationId, UUID messageId, UUID authorUserId, String authorName, Instant at) {}
