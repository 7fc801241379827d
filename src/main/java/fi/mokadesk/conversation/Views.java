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

        /**
         * The fresh text cut into pieces, the highlighted ones (a keyword rule's match) marked, so the page can
         * show them with {@code <mark>} while every piece stays escaped text.
         */
        public List<Segment> segments() {
            String fresh = freshText();
            if (fresh == null) return List.of();
            List<Integer> spans = extra == null ? List.of() : extra.highlights();
            List<Segment> out = new java.util.ArrayList<>();
            int at = 0;
            for (int i = 0; i + 1 < spans.size(); i += 2) {
                int start = Math.max(at, spans.get(i));
                int end = Math.min(fresh.length(), spans.get(i + 1));
                if (start >= end) continue;
                if (start > at) out.add(new Segment(fresh.substring(at, start), false));
                out.add(new Segment(fresh.substring(start, end), true));
                at = end;
            }
            if (at < fresh.length()) out.add(new Segment(fresh.substring(at), false));
            return out;
        }

        /** The quoted reply history the page folds away, or null. */
        public String quotedText() {
            if (extra == null || extra.quotedFrom() <= 0 || extra.quotedFrom() >= text.length()) return null;
            return text.substring(extra.quotedFrom());
        }
    }

    /** A piece of a message's text; {@code marked} pieces are highlighted. */
    public record Segment(String text, boolean marked) {}

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
     * soonest first); {@code attention} true keeps only what needs attention (abusive, negative or urgent);
     * {@code tag} keeps the conversations carrying that tag (e.g. a keyword rule's: all mentions of a brand).
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
            Boolean attention,
            String tag) {

        public static Filter none() {
            return new Filter(null, null, null, null, null, null, null, null, null, null);
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
