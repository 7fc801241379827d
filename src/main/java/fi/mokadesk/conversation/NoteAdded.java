package fi.mokadesk.conversation;

import java.util.UUID;

/**
 * An agent added an internal note, which the customer never sees.
 *
 * @param authorUserId the person who wrote it; null when an integration wrote it with an API token
 */
public record NoteAdded(UUID workspaceId, UUID conversationId, UUID messageId, UUID authorUserId, String authorName) {}
