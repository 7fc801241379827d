package fi.mokadesk.conversation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the inbox and the API show of conversations and messages. */
public final class Views {

    private Views() {}

    public record ConversationSummary(
            UUID id,
            String channel,
            boolean isPublic,
            String status,
            String priority,
            UUID assigneeId,
            String assigneeName,
            UUID contactId,
            String contactName,
            String subject,
            String preview,
            int messageCount,
            OffsetDateTime lastMessageAt,
            boolean unread,
            List<String> tags,
            String sentiment,
            String category,
            String urgency,
            boolean abusive) {}

    public record MessageView(
            UUID id,
            String kind,
            String channel,
            String authorName,
            String authorHandle,
            String authorEmail,
            String text,
            boolean isPublic,
            OffsetDateTime receivedAt,
            OffsetDateTime hiddenAt,
            String hiddenBy,
            String hiddenReason,
            DeliveryStatuses.Delivery delivery,
            MessageInsights.Insight insight,
            MessageExtras.Extra extra) {

        /** The text before quoted reply history (all of it when there is none). */
        public String freshText() {
            if (extra == null || extra.quotedFrom() <= 0 || extra.quotedFrom() >= text.length()) return text;
            return text.substring(0, extra.quotedFrom()).stripTrailing();
        }

        /** The quoted reply history the page folds away, or null. */
        public String quotedText() {
            if (extra == null || extra.quotedFrom() <= 0 || extra.quotedFrom() >= text.length()) return null;
            return text.substring(extra.quotedFrom());
        }
    }

    /** @param sla where the conversation stands against its SLA (null without SLA timers) */
    public record ConversationDetail(
            ConversationSummary conversation,
            String threadKey,
            List<MessageView> messages,
            ServiceLevels.ServiceLevel sla) {}

    public record Page<T>(List<T> items, String nextCursor) {}

    /**
     * Filters of the inbox; null means any. {@code assignee} is a user id, "me" or "none"; {@code sort} is
     * "recent" (default), "attention" (abusive, then negative and urgent first) or "urgent" (the SLA timer due
     * soonest first); {@code attention} true keeps only what needs attention (abusive, negative or urgent).
     * Bound straight from the query string of the inbox page and the API; blank values mean any.
     */
    public record Filter(
            String status,
            String channel,
            String assignee,
            String q,
            String sentiment,
            String category,
            Boolean abusive,
            String sort,
            Boolean attention) {

        public static Filter none() {
            return new Filter(null, null, null, null, null, null, null, null, null);
        }

        public boolean byAttention() {
            return "attention".equals(sort);
        }

        public boolean byUrgency() {
            return "urgent".equals(sort);
        }
    }

    /** A partial change: null fields stay as they are; {@code assigneeId} "none" unassigns. */
    public record Change(String status, String assigneeId, String priority, List<String> tags) {}
}
