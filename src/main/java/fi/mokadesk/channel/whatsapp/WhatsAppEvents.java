package fi.mokadesk.channel.whatsapp;

import fi.mokadesk.channel.meta.MetaEvents;
import fi.mokadesk.channel.meta.MetaInbound;
import fi.mokadesk.channel.meta.MetaItems;
import fi.mokadesk.channel.meta.MetaRoutes;
import fi.mokadesk.conversation.InboundMessage;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A WhatsApp business account's {@code messages} changes: customers' messages (text; image, document, audio,
 * video and sticker with their media downloaded; anything else summarised so it is not missed) become one
 * private conversation per phone number, with the name from {@code contacts[].profile.name}; {@code statuses}
 * (sent, delivered, read, failed) are kept on the messages we sent.
 */
@Component
class WhatsAppEvents implements MetaEvents {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppEvents.class);

    private final MetaItems items;
    private final MetaInbound inbound;
    private final WhatsAppMedia media;

    WhatsAppEvents(MetaItems items, MetaInbound inbound, WhatsAppMedia media) {
        this.items = items;
        this.inbound = inbound;
        this.media = media;
    }

    @Override
    public String type() {
        return WhatsAppChannel.TYPE;
    }

    @Override
    public void handle(MetaRoutes.Route route, JsonNode entry) {
        for (JsonNode change : entry.path("changes")) {
            if (!"messages".equals(MetaEvents.text(change, "field"))) continue;
            JsonNode value = change.path("value");
            String phoneNumberId =
                    value.path("metadata").path("phone_number_id").asString(null);
            if (phoneNumberId != null && !phoneNumberId.equals(route.setting("phoneNumberId"))) {
                log.info("WhatsApp change for number {} is not this channel's number; skipped", phoneNumberId);
                continue;
            }
            Map<String, String> names = new HashMap<>();
            for (JsonNode contact : value.path("contacts")) {
                String waId = MetaEvents.text(contact, "wa_id");
                String name = contact.path("profile").path("name").asString(null);
                if (waId != null && name != null) names.put(waId, name);
            }
            for (JsonNode message : value.path("messages")) message(route, message, names);
            for (JsonNode status : value.path("statuses")) status(route, status);
        }
    }

    private void message(MetaRoutes.Route route, JsonNode message, Map<String, String> names) {
        String id = MetaEvents.text(message, "id");
        String from = MetaEvents.text(message, "from");
        if (id == null || from == null) return;
        long ms = MetaEvents.millis(message.get("timestamp"));
        String type = MetaEvents.text(message, "type");
        String text = text(type == null ? "unknown" : type, message);
        String name = MetaInbound.shortName(names.get(from));
        items.describe(
                route.channelId(),
                id,
                "message",
                "wa:" + route.setting("phoneNumberId") + ":" + from,
                null,
                from,
                name,
                MetaInbound.clean(text),
                null,
                MetaInbound.instant(ms));
        inbound.take(
                route.channelId(),
                id,
                new InboundMessage(
                        type(),
                        id,
                        "wa:" + route.setting("phoneNumberId") + ":" + from,
                        name,
                        "+" + from,
                        null,
                        null,
                        MetaInbound.clean(text),
                        false,
                        MetaInbound.instant(ms)));
        JsonNode file = type == null ? null : message.get(type);
        if (file != null && file.has("id") && WhatsAppMedia.KINDS.contains(type)) {
            media.fetch(route, id, type, file);
        }
    }

    /** The message's text, or a short description of what it carries. */
    static String text(String type, JsonNode message) {
        return switch (type) {
            case "text" -> message.path("text").path("body").asString("");
            case "image", "video", "document", "audio", "sticker" -> {
                JsonNode file = message.path(type);
                String caption = file.path("caption").asString(null);
                String name = file.path("filename").asString(null);
                yield "[" + type + (name == null ? "" : ": " + name) + "]" + (caption == null ? "" : " " + caption);
            }
            case "location" ->
                "[location] " + message.path("location").path("latitude").asString("") + ", "
                        + message.path("location").path("longitude").asString("") + " "
                        + message.path("location").path("name").asString("");
            case "button" -> message.path("button").path("text").asString("[button]");
            case "interactive" -> "[interactive] " + message.path("interactive").toString();
            case "reaction" ->
                "[reaction] " + message.path("reaction").path("emoji").asString("");
            default -> "[" + type + "]";
        };
    }

    private void status(MetaRoutes.Route route, JsonNode status) {
        String id = MetaEvents.text(status, "id");
        String state = MetaEvents.text(status, "status");
        if (id == null || state == null) return;
        if (!java.util.Set.of("sent", "delivered", "read", "failed").contains(state)) return;
        String error = null;
        JsonNode errors = status.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            error = first.path("title").asString(first.path("message").asString("failed")) + " (code "
                    + first.path("code").asString("?") + ")";
        }
        long ms = MetaEvents.millis(status.get("timestamp"));
        // Statuses of one message come in order sent < delivered < read, but not always in that order over
        // the wire: a later platform time wins, and a failure stays.
        int rank = switch (state) {
            case "sent" -> 1;
            case "delivered" -> 2;
            case "read" -> 3;
            default -> 4;
        };
        if (items.status(route.channelId(), id, state, ms * 10 + rank, error) == 0)
            log.debug("WhatsApp status {} for {} changed nothing (older, or not our message)", state, id);
    }
}
