package fi.mokadesk.audit;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.secret.SecretKeys;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Actor;
import fi.mokadesk.workspace.Role;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and verifies the workspace's audit log: a chain in which each entry carries an HMAC-SHA256 of the
 * previous entry's hash and its own fields, keyed with a key kept outside the database, so nobody with only
 * database access can change, remove or rewrite entries unnoticed. Heads published to the outside
 * ({@link AuditAnchor}) catch removal of the newest entries.
 */
@Service
public class AuditLog {

    static final String GENESIS = "0".repeat(64);

    /** SHA-256 links, as written before the chain was keyed; still verified, never written again. */
    static final int UNKEYED = 1;

    /** HMAC-SHA256 links under the installation's audit-chain key. */
    static final int KEYED = 2;

    private final JdbcClient jdbc;
    private final SecretKey chainKey;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    AuditLog(JdbcClient jdbc, SecretKeys keys) {
        this.jdbc = jdbc;
        this.chainKey = keys.key(SecretKeys.AUDIT_CHAIN);
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

    /**
     * The result of recomputing the chain. {@code failedCheck} names the first check that failed:
     * {@code entry-hash} (an entry was changed, or rewritten without the key), {@code link} (an entry does
     * not point at the one before it: one was removed or reordered), {@code sequence} (a position is
     * missing), {@code unkeyed-after-keyed} (an entry claims the old unkeyed form after the chain became
     * keyed), {@code published-head} (a head shown to the outside is no longer in the chain: last entries
     * removed, or the chain rewritten) or {@code given-head} (the head passed to verify is not in it).
     */
    public record Verification(
            boolean intact,
            long entries,
            Long firstBrokenId,
            String failedCheck,
            String reason,
            int publishedHeadsChecked) {}

    /** The newest entry of the workspace's chain: its position, its hash and when it was written. */
    public record Head(long seq, String hash, OffsetDateTime at) {}

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
        Head last = head(workspace);
        String prev = last.hash();
        long seq = last.seq() + 1;
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String actorType = actor.type().name().toLowerCase(Locale.ROOT);
        String hash = keyedHash(
                chainKey,
                prev,
                workspace,
                seq,
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
                        insert into audit_entry (workspace_id, seq, chain, at, actor_type, actor_id, actor_name, action,
                                                 entity_type, entity_id, old_value, new_value, prev_hash, hash)
                        values (?, ?, 2, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        workspace,
                        seq,
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

    /** The newest entry of the current workspace (position 0 and 64 zeros while the log is empty). */
    @Transactional(readOnly = true)
    public Head head() {
        Access.require(Role.ADMIN);
        return head(Tenant.require());
    }

    Head head(UUID workspace) {
        return jdbc.sql("select seq, hash, at from audit_entry where workspace_id = ? order by seq desc limit 1")
                .param(workspace)
                .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                .optional()
                .orElse(new Head(0, GENESIS, null));
    }

    /** Recomputes the whole chain of the current workspace and checks every head published from it. */
    @Transactional(readOnly = true)
    public Verification verify() {
        return verify(null);
    }

    /**
     * As {@link #verify()}, and also checks a head kept outside Mokadesk (e.g. from the log or a webhook):
     * the chain must still hold that hash at that position.
     */
    @Transactional(readOnly = true)
    public Verification verify(Head kept) {
        Access.require(Role.ADMIN);
        UUID workspace = Tenant.require();
        ChainCheck check = new ChainCheck(workspace, chainKey);
        jdbc.sql("""
                        select id, seq, chain, at, actor_type, actor_id, actor_name, action, entity_type, entity_id,
                               old_value, new_value, prev_hash, hash
                          from audit_entry where workspace_id = ? order by seq, id
                        """).param(workspace).query(check::entry);
        List<Head> published = jdbc.sql(
                        "select seq, hash, entry_at from audit_head where workspace_id = ? order by seq")
                .param(workspace)
                .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                .list();
        for (Head head : published) check.published(head, "published-head");
        if (kept != null) check.published(kept, "given-head");
        return check.result(published.size());
    }

    /** Walks the entries in order; remembers the first failure and the hash at every position. */
    private static final class ChainCheck {

        private final UUID workspace;
        private final SecretKey key;
        private final java.util.Map<Long, String> hashAt = new java.util.HashMap<>();
        private String prev = GENESIS;
        private long expectedSeq = 1;
        private boolean keyedSeen;
        private long count;
        private Long brokenId;
        private String failedCheck;
        private String reason;

        ChainCheck(UUID workspace, SecretKey key) {
            this.workspace = workspace;
            this.key = key;
        }

        void entry(ResultSet rs) throws java.sql.SQLException {
            count++;
            long id = rs.getLong(1);
            long seq = rs.getLong(2);
            int chain = rs.getInt(3);
            String hash = rs.getString(14);
            hashAt.put(seq, hash);
            if (failedCheck == null) {
                Instant at = rs.getObject(4, OffsetDateTime.class).toInstant();
                String[] f = {
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                    rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)
                };
                String expected = chain == KEYED
                        ? keyedHash(key, prev, workspace, seq, at, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7])
                        : hash(prev, workspace, at, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
                if (seq != expectedSeq) {
                    fail(
                            id,
                            "sequence",
                            "entry " + id + " is at position " + seq + " but position " + expectedSeq
                                    + " was expected: entries are missing");
                } else if (!prev.equals(rs.getString(13))) {
                    fail(
                            id,
                            "link",
                            "entry " + id + " does not point at the entry before it: an entry was removed"
                                    + " or reordered");
                } else if (chain == UNKEYED && keyedSeen) {
                    fail(
                            id,
                            "unkeyed-after-keyed",
                            "entry " + id + " carries an unkeyed hash after the chain"
                                    + " became keyed: it was rewritten without the key");
                } else if (!expected.equals(hash)) {
                    fail(
                            id,
                            "entry-hash",
                            "entry " + id + " does not match its hash: it was changed"
                                    + (chain == KEYED ? " (or rewritten without the key)" : ""));
                }
            }
            keyedSeen |= chain == KEYED;
            prev = hash;
            expectedSeq = seq + 1;
        }

        void published(Head head, String checkName) {
            if (failedCheck != null) return;
            String there = hashAt.get(head.seq());
            if (there == null) {
                fail(
                        null,
                        checkName,
                        "the head at position " + head.seq() + (head.at() == null ? "" : " (" + head.at() + ")")
                                + " is no longer in the chain, which ends at position " + (expectedSeq - 1)
                                + ": entries were removed");
            } else if (!there.equals(head.hash())) {
                fail(
                        null,
                        checkName,
                        "the chain holds a different hash at position " + head.seq()
                                + " than the head published then: the chain was rewritten");
            }
        }

        private void fail(Long id, String check, String why) {
            brokenId = id;
            failedCheck = check;
            reason = why;
        }

        Verification result(int headsChecked) {
            return new Verification(failedCheck == null, count, brokenId, failedCheck, reason, headsChecked);
        }
    }

    private String text(Object value) {
        if (value == null) return null;
        if (value instanceof String s) return s;
        if (value instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT);
        return json.writeValueAsString(value);
    }

    /** HMAC-SHA256 of the previous hash, the position and every field, under the audit-chain key. */
    static String keyedHash(
            SecretKey key,
            String prev,
            UUID workspace,
            long seq,
            Instant at,
            String actorType,
            String actorId,
            String actorName,
            String action,
            String entityType,
            String entityId,
            String oldValue,
            String newValue) {
        String canonical = canonical(new Object[] {
            "v2",
            prev,
            workspace,
            seq,
            at,
            actorType,
            actorId,
            actorName,
            action,
            entityType,
            entityId,
            oldValue,
            newValue
        });
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonical(Object[] parts) {
        StringBuilder canonical = new StringBuilder(256);
        for (Object part : parts) {
            // Unit separator between fields, and a marker for null, so no two different entries read alike.
            canonical.append(part == null ? "\u2400" : part.toString()).append('\u001f');
        }
        return canonical.toString();
    }

    /** The unkeyed SHA-256 link of entries written before the chain was keyed (chain 1). */
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
        String canonical = canonical(new Object[] {
            prev, workspace, at, actorType, actorId, actorName, action, entityType, entityId, oldValue, newValue
        });
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
