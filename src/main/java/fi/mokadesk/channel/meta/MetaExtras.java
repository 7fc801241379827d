package fi.mokadesk.channel.meta;

import fi.mokadesk.conversation.MessageExtras;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the conversation page shows beside Facebook, Instagram and WhatsApp messages: where a comment is on
 * the platform, whether its author removed or edited it there or it is hidden, the other half of a
 * conversation moved to private, the reply window of a private conversation, the platform's delivery status
 * of our messages, and the "move to private" button where it can succeed.
 */
@Component
class MetaExtras implements MessageExtras {

    private final MetaItems items;
    private final JdbcClient jdbc;

    MetaExtras(MetaItems items, JdbcClient jdbc) {
        this.items = items;
        this.jdbc = jdbc;
    }

    /** WhatsApp media of these platform messages; kept files link to their download. */
    private Map<String, List<Attachment>> media(List<MetaItems.Item> of) {
        Map<String, List<Attachment>> files = new HashMap<>();
        if (of.isEmpty()) return files;
        jdbc.sql("""
                        select platform_id, id, kind, file_name, mime_type, size, content is not null, note
                          from meta_media where platform_id = any(?) order by created_at
                        """)
                .param(of.stream().map(MetaItems.Item::platformId).toArray(String[]::new))
                .query((rs, i) -> {
                    boolean kept = rs.getBoolean(7);
                    String kind = rs.getString(3);
                    String name = rs.getString(4) != null ? rs.getString(4) : kind;
                    files.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Attachment(
                                    name,
                                    rs.getString(5) == null ? "application/octet-stream" : rs.getString(5),
                                    rs.getLong(6),
                                    kept ? "/whatsapp/media/" + rs.getObject(2, UUID.class) : null,
                                    kind.equals("image") || kind.equals("sticker"),
                                    rs.getString(8)));
                    return null;
                })
                .list();
        return files;
    }

    @Override
    public Map<UUID, Extra> of(Collection<UUID> messageIds) {
        Map<UUID, Extra> result = new HashMap<>();
        if (messageIds.isEmpty()) return result;
        Map<String, Optional<Instant>> lastByAuthor = new HashMap<>();
        List<MetaItems.Item> found = items.ofMessages(messageIds.toArray(UUID[]::new));
        Map<String, List<Attachment>> files =
                media(found.stream().filter(i -> i.kind().equals("message")).toList());
        for (MetaItems.Item item : found) {
            List<String> marks = new ArrayList<>();
            List<Link> links = new ArrayList<>();
            boolean copy = item.platformId().startsWith("private:");
            if (item.permalink() != null) links.add(new Link("link", "meta.permalink", null, item.permalink()));
            if (item.removedAt() != null) marks.add("removed-on-platform");
            if (item.hidden()) marks.add("hidden-on-platform");
            if (item.editedText() != null) {
                marks.add("edited-on-platform");
                links.add(new Link("text", "meta.editedText", item.editedText(), null));
            }
            if (copy) {
                marks.add("private-copy");
                if (item.linkedConversationId() != null)
                    links.add(
                            new Link("link", "meta.publicHalf", null, "/conversations/" + item.linkedConversationId()));
            } else if (item.kind().equals("comment")) {
                if (item.privateReplyId() != null) {
                    marks.add("moved-to-private");
                    if (item.linkedConversationId() != null)
                        links.add(new Link(
                                "link", "meta.privateHalf", null, "/conversations/" + item.linkedConversationId()));
                } else if (MoveToPrivate.refusal(item).isEmpty()) {
                    links.add(new Link(
                            "action",
                            "meta.moveToPrivate",
                            null,
                            "/meta/messages/" + item.messageId() + "/move-to-private"));
                }
            } else if (item.kind().equals("message") && item.eventAt() != null && item.authorId() != null) {
                Optional<Instant> last = lastByAuthor.computeIfAbsent(
                        item.channelId() + "/" + item.authorId(),
                        k -> items.lastInbound(item.channelId(), item.authorId()));
                if (last.isPresent() && !last.get().isAfter(item.eventAt().toInstant())) links.add(window(last.get()));
            } else if (item.kind().equals("sent")
                    && item.status() != null
                    && !item.status().equals("sent")) {
                marks.add("platform-" + item.status());
                if (item.statusError() != null)
                    links.add(new Link("text", "meta.statusError", item.statusError(), null));
            }
            List<Attachment> attached = files.getOrDefault(item.platformId(), List.of());
            if (!marks.isEmpty() || !links.isEmpty() || !attached.isEmpty())
                result.put(item.messageId(), new Extra(attached, -1, marks, null, links));
        }
        return result;
    }

    /** "3 h left to reply" on the person's latest message, or that the window has closed. */
    static Link window(Instant last) {
        Duration left = MetaReplies.WINDOW.minus(Duration.between(last, Instant.now()));
        if (left.isNegative() || left.isZero()) return new Link("text", "meta.windowClosed", null, null);
        String shown = left.toHours() >= 1 ? left.toHours() + " h" : Math.max(1, left.toMinutes()) + " min";
        return new Link("text", "meta.window", shown, null);
    }
}
