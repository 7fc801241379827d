package fi.mokadesk.channel.meta;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.Ingested;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Hands a customer's comment or message to the conversation module (idempotent on the platform's id) and
 * notes which desk message it became. Shared by Facebook, Instagram and WhatsApp.
 *
 * <p>The webhook's processing stores a claimed batch of bodies at once ({@link #collecting}): comments on one
 * post all go to the post's one conversation, and storing them one by one made every comment wait for the
 * previous one's commit on that conversation's row; together they are one write of that row.
 */
@Component
public class MetaInbound {

    private static final int MAX_TEXT = 20_000;
    private static final ThreadLocal<Collector> COLLECTING = new ThreadLocal<>();

    private final Conversations conversations;
    private final MetaItems items;

    MetaInbound(Conversations conversations, MetaItems items) {
        this.conversations = conversations;
        this.items = items;
    }

    /**
     * Stores the message: now, or inside {@link #collecting} together with the batch's other messages when
     * the batch ends.
     */
    public void take(UUID channel, String platformId, InboundMessage message) {
        Collector collector = COLLECTING.get();
        if (collector != null) collector.add(Access.require(), channel, platformId, message);
        else ingest(channel, platformId, message);
    }

    /** Stores the message now (inside {@link #collecting} too) and returns its ids. */
    public Ingested ingest(UUID channel, String platformId, InboundMessage message) {
        Ingested ingested = conversations.ingest(message);
        items.attach(channel, platformId, ingested.messageId(), ingested.conversationId());
        return ingested;
    }

    /**
     * Runs {@code work} once per key with the messages it hands to {@link #take} collected, then stores them
     * together: one write per workspace, and one statement noting which desk message each platform object
     * became. Answers why a key's work failed or its messages were not all stored; a key missing from the
     * answer is done. A key whose work throws has none of its messages stored.
     */
    public <K> Map<K, RuntimeException> collecting(List<K> keys, Consumer<K> work) {
        Map<K, RuntimeException> failed = new LinkedHashMap<>();
        Map<Access, List<Noted<K>>> byAccess = new LinkedHashMap<>();
        Collector previous = COLLECTING.get();
        try {
            for (K key : keys) {
                List<Noted<K>> mine = new ArrayList<>();
                COLLECTING.set((access, channel, platformId, message) ->
                        mine.add(new Noted<>(key, access, channel, platformId, message)));
                try {
                    work.accept(key);
                    for (Noted<K> n : mine)
                        byAccess.computeIfAbsent(n.access(), a -> new ArrayList<>())
                                .add(n);
                } catch (RuntimeException e) {
                    failed.put(key, e);
                }
            }
        } finally {
            if (previous == null) COLLECTING.remove();
            else COLLECTING.set(previous);
        }
        byAccess.forEach((access, noted) -> {
            try {
                Access.runAs(access, () -> store(noted, failed));
            } catch (RuntimeException e) {
                noted.forEach(n -> failed.putIfAbsent(n.key(), e));
            }
        });
        return failed;
    }

    private interface Collector {
        void add(Access access, UUID channel, String platformId, InboundMessage message);
    }

    private record Noted<K>(K key, Access access, UUID channel, String platformId, InboundMessage message) {}

    private <K> void store(List<Noted<K>> noted, Map<K, RuntimeException> failed) {
        List<Conversations.Batched> answers =
                conversations.ingestAll(noted.stream().map(Noted::message).toList());
        List<MetaItems.Attachment> attachments = new ArrayList<>(noted.size());
        for (int i = 0; i < noted.size(); i++) {
            Conversations.Batched answer = answers.get(i);
            Noted<K> n = noted.get(i);
            if (answer.failure() != null) {
                failed.putIfAbsent(n.key(), answer.failure());
            } else {
                attachments.add(new MetaItems.Attachment(
                        n.channel(),
                        n.platformId(),
                        answer.stored().messageId(),
                        answer.stored().conversationId()));
            }
        }
        items.attachAll(attachments);
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
