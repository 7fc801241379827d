package fi.mokadesk.channel.meta;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * An Instagram professional account's events: {@code comments} and {@code live_comments} changes (the
 * commenter in {@code from{id,username}}, the post in {@code media{id,media_product_type}}, {@code parent_id}
 * for a reply) and direct messages in {@code messaging}. The same model as Facebook ({@link MetaThreads}): a
 * post's comments make one public conversation, each person's messages one private conversation, the
 * account's own are echoes.
 */
@Component
class InstagramEvents implements MetaEvents {

    private final MetaThreads threads;

    InstagramEvents(MetaThreads threads) {
        this.threads = threads;
    }

    @Override
    public String type() {
        return MetaPlatform.INSTAGRAM.type();
    }

    @Override
    public void handle(MetaRoutes.Route route, JsonNode entry) {
        long entryMs = MetaEvents.millis(entry.get("time"));
        for (JsonNode change : entry.path("changes")) {
            String field = MetaEvents.text(change, "field");
            if ("comments".equals(field) || "live_comments".equals(field))
                comment(route, change.path("value"), entryMs);
        }
        // Some notifications carry one change directly in the entry.
        String field = MetaEvents.text(entry, "field");
        if (("comments".equals(field) || "live_comments".equals(field)) && entry.has("value"))
            comment(route, entry.path("value"), entryMs);
        for (JsonNode event : entry.path("messaging")) {
            if (event.has("message")) threads.message(MetaPlatform.INSTAGRAM, route, event, entryMs);
        }
    }

    /** Instagram notifies only new comments; the entry's time is the comment's. */
    private void comment(MetaRoutes.Route route, JsonNode value, long entryMs) {
        String commentId = MetaEvents.text(value, "id");
        if (commentId == null) return;
        String authorId = MetaEvents.text(value.path("from"), "id");
        String username = MetaEvents.text(value.path("from"), "username");
        threads.comment(
                MetaPlatform.INSTAGRAM,
                route,
                new MetaThreads.Comment(
                        commentId,
                        "add",
                        MetaEvents.text(value.path("media"), "id"),
                        MetaEvents.text(value, "parent_id"),
                        authorId,
                        username,
                        username != null ? "@" + username : authorId,
                        MetaEvents.text(value, "text"),
                        null,
                        entryMs,
                        entryMs));
    }
}
