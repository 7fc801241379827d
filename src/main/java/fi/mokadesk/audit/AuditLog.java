package fi.mokadesk.audit;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Actor;
import fi.mokadesk.workspace.Audited;
import fi.mokadesk.workspace.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Writes and verifies the workspace's hash-chained audit log. */
@Service
public class AuditLog {

    static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(
            long id,
            OffsetDateTime at,
            String actorType,
            String actorName,
            String action,
            String entityType,
            String entityId,
            String oldValue,
            String newValue) {}

    public record Verification(boolean intact, long entries, Long firstBrokenId) {}

    /** Every {@link Audited} change is written in the transaction that made it. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(Audited change) {
        Actor actor = Access.current().map(Access::actor).orElse(Actor.system("mokadesk"));
        append(
                actor,
                change.action(),
                change.entityType(),
                change.entityId(),
                text(change.oldValue()),
                text(change.newValue()));
    }

    private void append(
            Actor actor, String action, String entityType, String entityId, String oldValue, String newValue) {
        UUID workspace = Tenant.require();
        // Serialises writers of one workspace only; other workspaces append in parallel.
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 7))")
                .param(workspace.toString())
                .query()
                .singleRow();
        String prev = jdbc.sql("select hash from audit_entry where workspace_id = ? order by id desc limit 1")
                .param(workspace)
                .query(String.class)
                .optional()
                .orElse(GENESIS);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String actorType = actor.type().name().toLowerCase(Locale.ROOT);
        String hash = hash(
                prev,
                workspace,
                at,
                actorType,
                actor.id(),
                actor.name(),
                action,
                entityType,
                entityId,
                oldValue,
                newValue);
        jdbc.sql("""
                        insert into audit_entry (workspace_id, at, actor_type, actor_id, actor_name, action, entity_type,
                                                 entity_id, old_value, new_value, prev_hash, hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        workspace,
                        OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC),
                        actorType,
                        actor.id(),
                        actor.name(),
                        action,
                        entityType,
                        entityId,
                        oldValue,
                        newValue,
                        prev,
                        hash)
                .update();
    }

    /** The newest entries first, optionally of one entity. */
    public List<Entry> recent(String entityType, String entityId, int limit) {
        Access.require(Role.LEAD);
        return jdbc.sql("""
                        select id, at, actor_type, actor_name, action, entity_type, entity_id, old_value, new_value
                          from audit_entry
                         where (?::text is null or entity_type = ?) and (?::text is null or entity_id = ?)
                         order by id desc limit ?
                        """)
                .params(entityType, entityType, entityId, entityId, Math.min(Math.max(limit, 1), 500))
                .query((rs, i) -> new Entry(
                        rs.getLong(1),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9)))
                .list();
    }

    /** Recomputes the whole chain of the current workspace. */
    @Transactional(readOnly = true)
    public Verification verify() {
        Access.require(Role.ADMIN);
        UUID workspace = Tenant.require();
        var state = new Object() {
            String prev = GENESIS;
            long count;
            Long broken;
        };
        jdbc.sql("""
                        select id, at, actor_type, actor_id, actor_name, action, entity_type, entity_id, old_value,
                               new_value, prev_hash, hash
                          from audit_entry where workspace_id = ? order by id
                        """).param(workspace).query((ResultSet rs) -> {
            state.count++;
            if (state.broken != null) return;
            String expected = hash(
                    state.prev,
                    workspace,
                    rs.getObject(2, OffsetDateTime.class).toInstant(),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getString(9),
                    rs.getString(10));
            if (!state.prev.equals(rs.getString(11)) || !expected.equals(rs.getString(12))) {
                state.broken = rs.getLong(1);
            }
            state.prev = rs.getString(12);
        });
        return new Verification(state.broken == null, state.count, state.broken);
    }

    private String text(Object value) {
        if (value == null) return null;
        if (value instanceof String s) return s;
        if (value instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT);
        return json.writeValueAsString(value);
    }

    static String hash(
            String prev,
            UUID workspace,
            Instant at,
            String actorType,
            String actorId,
            String actorName,
            String action,
            String entityType,
            String entityId,
            String oldValue,
            String newValue) {
        StringBuilder canonical = new StringBuilder(256);
        for (Object part : new Object[] {
            prev, workspace, at, actorType, actorId, actorName, action, entityType, entityId, oldValue, newValue
        }) {
            // Unit separator between fields, and a marker for null, so no two different entries read alike.
            canonical.append(part == null ? "\u2400" : part.toString()).append('\u001f');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
