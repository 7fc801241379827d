package fi.mokadesk.channel;

import fi.mokadesk.database.Tenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code outbox} table: the only place where anything waiting to leave Mokadesk is kept. Rows are
 * written in the transaction of the change that causes them (a reply, a storm, an audit head, an event),
 * so none is lost and none leaves for a change that rolled back. State changes are guarded twice: by
 * {@link DeliveryState#to} and by the {@code where state = ?} of the update, so two nodes cannot both
 * finish the same attempt.
 */
@Component
class Outbox {

    /** Attempts before a passing failure becomes {@code failed}. */
    static final int MAX_ATTEMPTS = 8;

    /** A row to write. {@code state} is {@code pending}, or {@code failed} with {@code reason}. */
    record NewRow(
            DeliveryKind kind,
            String idempotencyKey,
            String target,
            String channel,
            UUID channelId,
            UUID subscriptionId,
            UUID conversationId,
            String reference,
            String subject,
            String payload,
            String failedBecause) {}

    /** A stored row. */
    record Row(
            UUID workspaceId,
            UUID id,
            DeliveryKind kind,
            String idempotencyKey,
            String target,
            String channel,
            UUID channelId,
            UUID subscriptionId,
            UUID conversationId,
            String reference,
            String subject,
            String payload,
            DeliveryState state,
            int attempts,
            int maxAttempts,
            OffsetDateTime nextAttemptAt,
            String lastError,
            OffsetDateTime sentAt,
            OffsetDateTime createdAt) {}

    record Claimed(UUID workspaceId, UUID id) {}

    record Expired(UUID workspaceId, UUID id, DeliveryKind kind, UUID conversationId) {}

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes the row unless the workspace already has one with its idempotency key; either way returns the
     * id of the row that stands for it.
     */
    UUID insert(UUID id, NewRow row) {
        boolean failed = row.failedBecause() != null;
        Optional<UUID> inserted = jdbc.sql("""
                        insert into outbox (workspace_id, id, kind, idempotency_key, target, channel, channel_id,
                                            subscription_id, conversation_id, reference, subject, payload, state,
                                            last_error, max_attempts)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (workspace_id, idempotency_key) do nothing
                        returning id
                        """)
                .params(
                        Tenant.require(),
                        id,
                        row.kind().code(),
                        row.idempotencyKey(),
                        row.target() == null ? "" : row.target(),
                        row.channel(),
                        row.channelId(),
                        row.subscriptionId(),
                        row.conversationId(),
                        row.reference(),
                        row.subject(),
                        row.payload(),
                        (failed ? DeliveryState.FAILED : DeliveryState.PENDING).code(),
                        row.failedBecause(),
                        MAX_ATTEMPTS)
                .query(UUID.class)
                .optional();
        return inserted.orElseGet(() -> jdbc.sql("select id from outbox where idempotency_key = ?")
                .param(row.idempotencyKey())
                .query(UUID.class)
                .single());
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql("select * from outbox where id = ?")
                .param(id)
                .query(Outbox::row)
                .optional();
    }

    /**
     * Takes up to {@code limit} due rows of any workspace into {@code sending}, leased for {@code lease};
     * emails through the installation's mail server only when {@code deskMail} (this node has one).
     */
    List<Claimed> claim(int limit, Duration lease, boolean deskMail) {
        return jdbc.sql("select workspace_id, id from claim_outbox(?, ?::interval, ?)")
                .params(limit, lease.toSeconds() + " seconds", deskMail)
                .query((rs, i) -> new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
    }

    /** Rows whose sending node stopped before writing the answer: now {@code uncertain}, of every workspace. */
    List<Expired> expireLeases() {
        return jdbc.sql("select workspace_id, id, kind, conversation_id from expire_outbox_leases()")
                .query((rs, i) -> new Expired(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        DeliveryKind.of(rs.getString(3)),
                        rs.getObject(4, UUID.class)))
                .list();
    }

    /**
     * Moves the row from {@code from} to {@code to} if it is still in {@code from}; false when another
     * node or person moved it first. {@code nextAttempt} only matters for {@code pending}.
     */
    boolean move(UUID id, DeliveryState from, DeliveryState to, String error, OffsetDateTime nextAttempt) {
        from.to(to);
        return jdbc.sql("""
                        update outbox set state = ?, last_error = ?, updated_at = now(),
                               lease_until = null,
                               sent_at = case when ? = 'sent' then now() else sent_at end,
                               next_attempt_at = coalesce(?, next_attempt_at),
                               attempts = case when ? = 'pending' and state in ('failed', 'uncertain')
                                               then 0 else attempts end
                         where id = ? and state = ?
                        """)
                        .params(to.code(), error, to.code(), nextAttempt, to.code(), id, from.code())
                        .update()
                > 0;
    }

    /**
     * Puts a row being sent back into {@code pending} until {@code until} without counting the attempt it
     * just made: the row waits for its channel to be fixed, however long that takes.
     */
    boolean hold(UUID id, String reason, OffsetDateTime until) {
        return jdbc.sql("""
                        update outbox set state = 'pending', last_error = ?, updated_at = now(), lease_until = null,
                               next_attempt_at = ?, attempts = greatest(attempts - 1, 0)
                         where id = ? and state = 'sending'
                        """).params(reason, until, id).update() > 0;
    }

    /**
     * The channel is healthy again: its deliveries waiting in {@code pending} (held, or backing off) are due
     * now, in the current workspace. Returns how many.
     */
    int releaseHeld(UUID channelId) {
        return jdbc.sql("""
                        update outbox set next_attempt_at = now(), updated_at = now()
                         where channel_id = ? and state = 'pending' and next_attempt_at > now()
                        """).param(channelId).update();
    }

    /** The newest rows first, filtered by whatever is not null. */
    List<Row> list(DeliveryState state, DeliveryKind kind, UUID subscriptionId, int limit, int offset) {
        StringBuilder sql = new StringBuilder("select * from outbox where true");
        List<Object> params = new ArrayList<>();
        if (state != null) {
            sql.append(" and state = ?");
            params.add(state.code());
        }
        if (kind != null) {
            sql.append(" and kind = ?");
            params.add(kind.code());
        }
        if (subscriptionId != null) {
            sql.append(" and subscription_id = ?");
            params.add(subscriptionId);
        }
        sql.append(" order by created_at desc, id limit ? offset ?");
        params.add(limit);
        params.add(offset);
        return jdbc.sql(sql.toString()).params(params).query(Outbox::row).list();
    }

    /** The reply deliveries of these messages (a reply's delivery has its message's id). */
    List<Row> replies(UUID[] messageIds) {
        return jdbc.sql("select * from outbox where kind = 'reply' and id = any(?)")
                .param(messageIds)
                .query(Outbox::row)
                .list();
    }

    static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(
                rs.getObject("workspace_id", UUID.class),
                rs.getObject("id", UUID.class),
                DeliveryKind.of(rs.getString("kind")),
                rs.getString("idempotency_key"),
                rs.getString("target"),
                rs.getString("channel"),
                rs.getObject("channel_id", UUID.class),
                rs.getObject("subscription_id", UUID.class),
                rs.getObject("conversation_id", UUID.class),
                rs.getString("reference"),
                rs.getString("subject"),
                rs.getString("payload"),
                DeliveryState.of(rs.getString("state")),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                rs.getObject("next_attempt_at", OffsetDateTime.class),
                rs.getString("last_error"),
                rs.getObject("sent_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
