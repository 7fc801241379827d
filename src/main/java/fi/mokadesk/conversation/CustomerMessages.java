package fi.mokadesk.conversation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The stored customer messages, read-only, for modules that work on what customers wrote (analysis catching
 * up and collecting training data, the storm detector describing a storm's window). They ask here instead
 * of reading the {@code message} table. Everything is in the current workspace.
 */
@Component
public class CustomerMessages {

    /** One customer message as stored. */
    public record CustomerMessage(UUID id, UUID conversationId, String channel, String text, Instant receivedAt) {}

    /** A conversation that drew many customer messages in a time window. */
    public record BusyConversation(UUID conversationId, int messages, String preview) {}

    private final JdbcClient jdbc;

    CustomerMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The customer messages among {@code ids} (agents' replies and notes are left out), in no order. */
    public List<CustomerMessage> find(Collection<UUID> ids) {
        if (ids.isEmpty()) return List.of();
        return jdbc.sql("""
                        select id, conversation_id, channel, body, received_at from message
                         where id = any(?::uuid[]) and kind = 'inbound'
                        """)
                .param(ids.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, i) -> new CustomerMessage(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }

    /**
     * Texts of the customer messages received in {@code [from, until)}, oldest first, at most {@code limit};
     * only those of {@code channel} unless it is null.
     */
    public List<String> texts(Instant from, Instant until, String channel, int limit) {
        return jdbc.sql("""
                        select body from message
                         where kind = 'inbound' and received_at >= ? and received_at < ?
                           and (cast(? as text) is null or channel = ?)
                         order by received_at limit ?
                        """)
                .params(utc(from), utc(until), channel, channel, limit)
                .query(String.class)
                .list();
    }

    /**
     * The conversations that drew the most customer messages in {@code [from, until)}, most first, at most
     * {@code limit}; only messages of {@code channel} count unless it is null.
     */
    public List<BusyConversation> busiest(Instant from, Instant until, String channel, int limit) {
        return jdbc.sql("""
                        select m.conversation_id, count(*) as n, max(c.last_preview) as preview
                          from message m join conversation c
                            on c.workspace_id = m.workspace_id and c.id = m.conversation_id
                         where m.kind = 'inbound' and m.received_at >= ? and m.received_at < ?
                           and (cast(? as text) is null or m.channel = ?)
                         group by m.conversation_id
                         order by n desc, m.conversation_id
                         limit ?
                        """)
                .params(utc(from), utc(until), channel, channel, limit)
                .query((rs, i) -> new BusyConversation(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3)))
                .list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
