package fi.mokadesk.channel.meta;

import fi.mokadesk.conversation.InboundMessage;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What Facebook and Instagram events do once their platform's field names are read: a comment is added,
 * edited, removed, hidden or shown again in its post's public conversation, a private message lands in the
 * person's private conversation, and the account's own comments and messages (echoes) are kept but never
 * become customer messages. Every step is an upsert keyed by the platform id, so a repeated or late event
 * changes nothing it should not.
 */
@Component
class MetaThreads {

    private static final Logger log = LoggerFactory.getLogger(MetaThreads.class);

    /**
     * A comment event in the shape both platforms share.
     *
     * @param postId the post (Facebook) or media (Instagram) it is under, or null
     * @param authorName the commenter's display name (Facebook) or username (Instagram)
     * @param authorHandle how the commenter is told apart in the desk's contacts
     * @param createdMs when the comment was written
     * @param eventMs when this change happened; orders edits and hides of one comment
     */
    record Comment(
            String id,
            String verb,
            String postId,
            String parentId,
            String authorId,
            String authorName,
            String authorHandle,
            String text,
            String permalink,
            long createdMs,
            long eventMs) {}

    private final MetaItems items;
    private final MetaInbound inbound;

    MetaThreads(MetaItems items, MetaInbound inbound) {
        this.items = items;
        this.inbound = inbound;
    }

    void comment(MetaPlatform platform, MetaRoutes.Route route, Comment c) {
        UUID channel = route.channelId();
        boolean echo = c.authorId() != null && c.authorId().equals(route.setting(platform.accountSetting()));
        String kind = echo ? "echo" : "comment";
        switch (c.verb()) {
            case "add", "edited" -> {
                if (echo && items.ours(channel, c.id())) return;
                items.describe(
                        channel,
                        c.id(),
                        kind,
                        c.postId(),
                        c.parentId(),
                        c.authorId(),
                        MetaInbound.shortName(c.authorName()),
                        c.text() == null ? null : MetaInbound.clean(c.text()),
                        c.permalink(),
                        MetaInbound.instant(c.createdMs()));
                if (c.verb().equals("edited") && c.text() != null)
                    items.edited(channel, c.id(), kind, MetaInbound.clean(c.text()), c.eventMs());
                if (echo) return;
                inbound.take(
                        channel,
                        c.id(),
                        new InboundMessage(
                                platform.type(),
                                c.id(),
                                platform.publicThread(c.postId(), c.id()),
                                MetaInbound.shortName(c.authorName()),
                                c.authorHandle(),
                                null,
                                null,
                                MetaInbound.clean(c.text() == null ? "[comment without text]" : c.text()),
                                true,
                                MetaInbound.instant(c.createdMs())));
            }
            case "remove" ->
                items.removed(
                        channel,
                        c.id(),
                        kind,
                        Instant.ofEpochMilli(c.eventMs() > 0 ? c.eventMs() : System.currentTimeMillis()));
            case "hide" -> items.hidden(channel, c.id(), kind, true, c.eventMs());
            case "unhide" -> items.hidden(channel, c.id(), kind, false, c.eventMs());
            default -> log.info("{} comment verb {} on channel {} is not used", platform.name(), c.verb(), channel);
        }
    }

    /** A private message of {@code entry[].messaging[]} (Messenger, Instagram Direct), or its echo. */
    void message(MetaPlatform platform, MetaRoutes.Route route, JsonNode event, long entryMs) {
        JsonNode message = event.path("message");
        String mid = MetaEvents.text(message, "mid");
        String sender = MetaEvents.text(event.path("sender"), "id");
        String recipient = MetaEvents.text(event.path("recipient"), "id");
        if (mid == null || sender == null) return;
        long ms = MetaEvents.millis(event.get("timestamp"));
        if (ms <= 0) ms = entryMs;
        String account = route.setting(platform.accountSetting());
        boolean echo = message.path("is_echo").asBoolean(false) || sender.equals(account);
        String text = MetaInbound.withAttachments(MetaEvents.text(message, "text"), message.get("attachments"));
        if (echo && items.ours(route.channelId(), mid)) return;
        // An echo not sent by the desk came from elsewhere (Business Suite, another app): kept, not a customer's.
        items.describe(
                route.channelId(),
                mid,
                echo ? "echo" : "message",
                platform.personItem() + (echo ? recipient : sender),
                null,
                sender,
                null,
                MetaInbound.clean(text),
                null,
                MetaInbound.instant(ms));
        if (echo) return;
        inbound.take(
                route.channelId(),
                mid,
                new InboundMessage(
                        platform.type(),
                        mid,
                        platform.privateThread(account, sender),
                        null,
                        sender,
                        null,
                        null,
                        MetaInbound.clean(text.isBlank() ? "[message without text]" : text),
                        false,
                        MetaInbound.instant(ms)));
    }
}
