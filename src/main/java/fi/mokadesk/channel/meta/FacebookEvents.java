package fi.mokadesk.channel.meta;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A Facebook Page's events: {@code feed} changes about comments (add, edited, remove, hide, unhide; the
 * commenter in {@code from} or in the older {@code sender_id}/{@code sender_name}) and Messenger messages in
 * {@code messaging}. A post's comments and replies make one public conversation; each person's messages one
 * private conversation. The Page's own comments and messages come back as echoes and are recognised as ours
 * ({@link MetaThreads}).
 */
@Component
class FacebookEvents implements MetaEvents {

    private static final Logger log = LoggerFactory.getLogger(FacebookEvents.class);

    private final MetaThreads threads;

    FacebookEvents(MetaThreads threads) {
        this.threads = threads;
    }

    @Override
    public String type() {
        return MetaPlatform.FACEBOOK.type();
    }

    @Override
    public void handle(MetaRoutes.Route route, JsonNode entry) {
        long entryMs = MetaEvents.millis(entry.get("time"));
        for (JsonNode change : entry.path("changes")) {
            JsonNode value = change.path("value");
            if ("feed".equals(MetaEvents.text(change, "field")) && "comment".equals(MetaEvents.text(value, "item"))) {
                comment(route, value, entryMs);
            }
        }
        for (JsonNode event : entry.path("messaging")) {
            if (event.has("message")) threads.message(MetaPlatform.FACEBOOK, route, event, entryMs);
        }
    }

    private void comment(MetaRoutes.Route route, JsonNode value, long entryMs) {
        String commentId = MetaEvents.text(value, "comment_id");
        String verb = MetaEvents.text(value, "verb");
        if (commentId == null || verb == null) {
            log.info("Facebook feed change without comment_id or verb on channel {}; ignored", route.channelId());
            return;
        }
        String authorId = MetaEvents.text(value.path("from"), "id");
        if (authorId == null) authorId = MetaEvents.text(value, "sender_id");
        String authorName = MetaEvents.text(value.path("from"), "name");
        if (authorName == null) authorName = MetaEvents.text(value, "sender_name");
        long createdMs = MetaEvents.millis(value.get("created_time"));
        String permalink = MetaEvents.text(value.path("post"), "permalink_url");
        // Shown as a link to staff: only an https address of a Meta site, never a script or another site.
        if (permalink != null && !permalink.matches("https://(www\\.|m\\.|web\\.)?facebook\\.com/[^\\s\"'<>]{1,1000}"))
            permalink = null;
        threads.comment(
                MetaPlatform.FACEBOOK,
                route,
                new MetaThreads.Comment(
                        commentId,
                        verb,
                        MetaEvents.text(value, "post_id"),
                        MetaEvents.text(value, "parent_id"),
                        authorId,
                        authorName,
                        authorId,
                        MetaEvents.text(value, "message"),
                        permalink,
                        createdMs,
                        // Meta's entry time is when the change happened; it orders edits and hides of one comment.
                        entryMs > 0 ? entryMs : createdMs));
    }
}
