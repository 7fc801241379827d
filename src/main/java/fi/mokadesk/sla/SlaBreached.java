package fi.mokadesk.sla;

import java.time.Instant;
import java.util.UUID;

/**
 * A timer of a conversation passed its due time without the answer it waited for (published once, in the
 * sweep's transaction). {@code timer} is first_response, next_response or resolution.
 */
public record SlaBreached(UUID workspaceId, UUID conversationId, String timer, Instant dueAt) {}
