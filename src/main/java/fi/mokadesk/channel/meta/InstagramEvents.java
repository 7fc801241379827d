package fi.mokadesk.channel.meta;

import fi.mokadesk.conversation.InboundMessage;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * An Instagram professional account's events: {@code comments} and {@code live_comments} changes (the
 * commenter in {@code from{id,username}}, the post in {@code media{id,media_product_type}}, {@code parent_id}
 * for a reply) and direct messages in {@code messaging}. The same model as Facebook: a post's comments make one
 * public conversation, each person's messages one private conversation, the account's own are echoes.
 */
@Component
class InstagramEvents implements MetaEvents {

    private final MetaItems items;
    private final MetaInbound inbound;

    InstagramEvents(MetaItems items, MetaInbound inbound) {
        this.items = items;
        this.inbound = inbound;
    }

    @Override
    public String type() {
        return InstagramChannel.TYPE;
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
            if (event.has("message")) message(route, event, entryMs);
        }
    }

    private void comment(MetaRoutes.Route route, JsonNode value, long entryMs) {
        String commentId = MetaEvents.text(value, "id");
        if (commentId == null) return;
        String authorId = MetaEvents.text(value.path("from"), "id");
        String username = MetaEvents.text(value.path("from"), "username");
        String mediaId = MetaEvents.text(value.path("media"), "id");
        String text = MetaEvents.text(value, "text");
        boolean echo = authorId != null && authorId.equals(route.setting("instagramAccountId"));
        if (echo && items.ours(route.channelId(), commentId)) return;
        items.describe(
                route.channelId(),
                commentId,
                echo ? "echo" : "comment",
                mediaId,
                MetaEvents.text(value, "parent_id"),
                authorId,
                MetaInbound.shortName(username),
                text == null ? null : MetaInbound.clean(text),
                null,
                MetaInbound.instant(entryMs));
        if (echo) return;
        inbound.ingest(
                route.channelId(),
                commentId,
                new InboundMessage(
                        type(),
                        commentId,
                        mediaId != null ? "ig:media:" + mediaId : "ig:comment:" + commentId,
                        MetaInbound.shortName(username),
                        username != null ? "@" + username : authorId,
                        null,
                        null,
                        MetaInbound.clean(text == null ? "[comment without text]" : text),
                        true,
                        MetaInbound.instant(entryMs)));
    }

    private void message(MetaRoutes.Route route, JsonNode event, long entryMs) {
        JsonNode message = event.path("message");
        String mid = MetaEvents.text(message, "mid");
        String sender = MetaEvents.text(event.path("sender"), "id");
        String recipient = MetaEvents.text(event.path("recipient"), "id");
        if (mid == null || sender == null) return;
        long ms = MetaEvents.millis(event.get("timestamp"));
        if (ms <= 0) ms = entryMs;
        boolean echo = message.path("is_echo").asBoolean(false) || sender.equals(route.setting("instagramAccountId"));
        String text = MetaInbound.withAttachments(MetaEvents.text(message, "text"), message.get("attachments"));
        if (echo) {
            if (items.ours(route.channelId(), mid)) return;
            items.describe(
                    route.channelId(),
                    mid,
                    "echo",
                    "igsid:" + recipient,
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
                "igsid:" + sender,
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
                        "ig:user:" + route.setting("instagramAccountId") + ":" + sender,
                        null,
                        sender,
                        null,
                        null,
                        MetaInbound.clean(text.isBlank() ? "[message without text]" : text),
                        false,
                        MetaInbound.instant(ms)));
    }
}
