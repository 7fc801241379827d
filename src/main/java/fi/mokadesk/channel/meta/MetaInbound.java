package fi.mokadesk.channel.meta;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.Ingested;
import fi.mokadesk.kernel.StorableText;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Hands a customer's comment or message to the conversation module (idempotent on the platform's id) and
 * notes which desk message it became. Shared by Facebook, Instagram and WhatsApp.
 */
@Component
public class MetaInbound {

    private static final int MAX_TEXT = 20_000;

    private final Conversations conversations;
    private final MetaItems items;

    MetaInbound(Conversations conversations, MetaItems items) {
        this.conversations = conversations;
        this.items = items;
    }

    public Ingested ingest(UUID channel, String platformId, InboundMessage message) {
        Ingested ingested = conversations.ingest(message);
        items.attach(channel, platformId, ingested.messageId(), ingested.conversationId());
        return ingested;
    }

    /** Storable text of at most the desk's message length; never null. */
    public static String clean(String text) {
        if (text == null) return "";
        String repaired = StorableText.repair(text);
        return repaired.length() > MAX_TEXT ? repaired.substring(0, MAX_TEXT) : repaired;
    }

    public static String shortName(String name) {
        if (name == null) return null;
        String repaired = StorableText.repair(name).strip();
        return repaired.length() > 200 ? repaired.substring(0, 200) : repaired;
    }

    /** Messenger and Instagram attachments as lines under the text (type and address), so none goes unseen. */
    public static String withAttachments(String text, JsonNode attachments) {
        StringBuilder out = new StringBuilder(text == null ? "" : text);
        if (attachments != null && attachments.isArray()) {
            for (JsonNode a : attachments) {
                String type = MetaEvents.text(a, "type");
                String url = MetaEvents.text(a.path("payload"), "url");
                if (!out.isEmpty()) out.append('\n');
                out.append("[").append(type == null ? "attachment" : type).append("]");
                if (url != null) out.append(' ').append(url);
            }
        }
        return out.toString();
    }

    public static Instant instant(long millis) {
        return millis <= 0 ? Instant.now() : Instant.ofEpochMilli(millis);
    }
}
