package fi.mokadesk.channel.meta;

import fi.mokadesk.conversation.InboundMessage;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A Facebook Page's events: {@code feed} changes about comments (add, edited, remove, hide, unhide; the
 * commenter in {@code from} or in the older {@code sender_id}/{@code sender_name}) and Messenger messages in
 * {@code messaging}. A post's comments and replies make one public conversation; each person's messages one
 * private conversation. The Page's own comments and messages come back as echoes and are recognised as ours.
 */
@Component
class FacebookEvents implements MetaEvents {

    private static final Logger log = LoggerFactory.getLogger(FacebookEvents.class);

    private final MetaItems items;
    private final MetaInbound inbound;

    FacebookEvents(MetaItems items, MetaInbound inbound) {
        this.items = items;
        this.inbound = inbound;
    }

    @Override
    public String type() {
        return FacebookChannel.TYPE;
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
            if (event.has("message")) message(route, event, entryMs);
        }
    }

    private void comment(MetaRoutes.Route route, JsonNode value, long entryMs) {
        String commentId = MetaEvents.text(value, "comment_id");
        String postId = MetaEvents.text(value, "post_id");
        String verb = MetaEvents.text(value, "verb");
        if (commentId == null || verb == null) {
            log.info("Facebook feed change without comment_id or verb on channel {}; ignored", route.channelId());
            return;
        }
        String authorId = MetaEvents.text(value.path("from"), "id");
        if (authorId == null) authorId = MetaEvents.text(value, "sender_id");
        String authorName = MetaEvents.text(value.path("from"), "name");
        if (authorName == null) authorName = MetaEvents.text(value, "sender_name");
        boolean echo = authorId != null && authorId.equals(route.setting("pageId"));
        String kind = echo ? "echo" : "comment";
        long createdMs = MetaEvents.millis(value.get("created_time"));
        // Meta's entry time is when the change happened; it orders edits and hides of one comment.
        long eventMs = entryMs > 0 ? entryMs : createdMs;
        String parent = MetaEvents.text(value, "parent_id");
        String permalink = MetaEvents.text(value.path("post"), "permalink_url");
        // Shown as a link to staff: only an https address of a Meta site, never a script or another site.
        if (permalink != null && !permalink.matches("https://(www\\.|m\\.|web\\.)?facebook\\.com/[^\\s\"'<>]{1,1000}"))
            permalink = null;
        String text = MetaEvents.text(value, "message");
        switch (verb) {
            case "add", "edited" -> {
                if (echo && items.ours(route.channelId(), commentId)) return;
                items.describe(
                        route.channelId(),
                        commentId,
                        kind,
                        postId,
                        parent,
                        authorId,
                        MetaInbound.shortName(authorName),
                        text == null ? null : MetaInbound.clean(text),
                        permalink,
                        MetaInbound.instant(createdMs));
                if (verb.equals("edited") && text != null)
                    items.edited(route.channelId(), commentId, kind, MetaInbound.clean(text), eventMs);
                if (echo) return;
                inbound.ingest(
                        route.channelId(),
                        commentId,
                        new InboundMessage(
                                type(),
                                commentId,
                                threadKey(postId, commentId),
                                MetaInbound.shortName(authorName),
                                authorId,
                                null,
                                null,
                                MetaInbound.clean(text == null ? "[comment without text]" : text),
                                true,
                                MetaInbound.instant(createdMs)));
            }
            case "remove" ->
                items.removed(
                        route.channelId(),
                        commentId,
                        kind,
                        Instant.ofEpochMilli(eventMs > 0 ? eventMs : System.currentTimeMillis()));
            case "hide" -> items.hidden(route.channelId(), commentId, kind, true, eventMs);
            case "unhide" -> items.hidden(route.channelId(), commentId, kind, false, eventMs);
            default -> log.info("Facebook comment verb {} on channel {} is not used", verb, route.channelId());
        }
    }

    /** One public conversation per post; a comment without a post id stands alone. */
    static String threadKey(String postId, String commentId) {
        return postId != null ? "fb:post:" + postId : "fb:comment:" + commentId;
    }

    private void message(MetaRoutes.Route route, JsonNode event, long entryMs) {
        JsonNode message = event.path("message");
        String mid = MetaEvents.text(message, "mid");
        String sender = MetaEvents.text(event.path("sender"), "id");
        String recipient = MetaEvents.text(event.path("recipient"), "id");
        if (mid == null || sender == null) return;
        long ms = MetaEvents.millis(event.get("timestamp"));
        if (ms <= 0) ms = entryMs;
        boolean echo = message.path("is_echo").asBoolean(false) || sender.equals(route.setting("pageId"));
        String text = MetaInbound.withAttachments(MetaEvents.text(message, "text"), message.get("attachments"));
        if (echo) {
            if (items.ours(route.channelId(), mid)) return;
            // Sent by the Page from elsewhere (Business Suite, another app): kept, not a customer message.
            items.describe(
                    route.channelId(),
                    mid,
                    "echo",
                    "psid:" + recipient,
                    null,
                    sender,
                    null,
                    MetaInbound.clean(text),
                    null,
                    MetaInbound.instant(ms));
            return;
        }
        items.describe(
                route.channelId(),
                mid,
                "message",
                "psid:" + sender,
                null,
                sender,
                null,
                MetaInbound.clean(text),
                null,
                MetaInbound.instant(ms));
        inbound.ingest(
                route.channelId(),
                mid,
                new InboundMessage(
                        type(),
                        mid,
                        "fb:psid:" + route.setting("pageId") + ":" + sender,
                        null,
                        sender,
                        null,
                        null,
                        MetaInbound.clean(text.isBlank() ? "[message without text]" : text),
                        false,
                        MetaInbound.instant(ms)));
    }
}
