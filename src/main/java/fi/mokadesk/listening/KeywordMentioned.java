package fi.mokadesk.listening;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Keyword rules matched a customer message or a feed entry (published once its conversation carries the
 * rules as tags). Storm detection counts it in one series per rule.
 */
public record KeywordMentioned(
        UUID workspaceId, UUID conversationId, UUID messageId, List<String> rules, Instant receivedAt) {}
