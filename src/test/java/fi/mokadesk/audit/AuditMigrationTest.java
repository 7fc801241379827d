package fi.mokadesk.audit;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.kernel.Audited;
import fi.mokadesk.secret.SecretKeys;
import fi.mokadesk.workspace.Access;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An installation that already has an audit chain upgrades to the keyed chain: the migration numbers the
 * old entries without touching their hashes, they still verify, and new entries continue the chain keyed.
 */
class AuditMigrationTest {

    @Test
    void anExistingChainStillVerifiesAfterTheUpgradeAndContinuesKeyed() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource db = postgres.getPostgresDatabase();
            Flyway.configure()
                    .dataSource(db)
                    .locations("classpath:db/migration")
                    .target(lastVersionBeforeTheKeyedChain())
                    .load()
                    .migrate();
            JdbcClient jdbc = JdbcClient.create(db);
            UUID ws = jdbc.sql("insert into workspace (name) values ('Vanha Oy') returning id")
                    .query(UUID.class)
                    .single();
            String prev = AuditLog.GENESIS;
            Instant at = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
            String[] hashes = new String[3];
            for (int i = 0; i < 3; i++) {
                // As the earlier version wrote them: no position, unkeyed SHA-256 links.
                String hash = AuditLog.hash(
                        prev,
                        ws,
                        at,
                        "user",
                        "u1",
                        "Maija",
                        "conversation.status",
                        "conversation",
                        "c1",
                        "open",
                        "pending-" + i);
                jdbc.sql("""
                                insert into audit_entry (workspace_id, at, actor_type, actor_id, actor_name, action,
                                                         entity_type, entity_id, old_value, new_value, prev_hash, hash)
                                values (?, ?, 'user', 'u1', 'Maija', 'conversation.status', 'conversation', 'c1',
                                        'open', ?, ?, ?)
                                """)
                        .params(ws, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), "pending-" + i, prev, hash)
                        .update();
                hashes[i] = hash;
                prev = hash;
            }

            Flyway.configure()
                    .dataSource(db)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();

            assertThat(jdbc.sql("select string_agg(seq || ':' || chain || ':' || hash, ',' order by id)"
                                    + " from audit_entry where workspace_id = ?")
                            .param(ws)
                            .query(String.class)
                            .single())
                    .isEqualTo("1:1:" + hashes[0] + ",2:1:" + hashes[1] + ",3:1:" + hashes[2]);
            assertThat(jdbc.sql("select operator from workspace where id = ?")
                            .param(ws)
                            .query(Boolean.class)
                            .single())
                    .as("the only workspace is the operator's")
                    .isTrue();

            AuditLog audit = new AuditLog(jdbc, SecretKeys.of(new byte[32]));
            Access admin = Access.system(ws, "test");
            AuditLog.Verification before = Access.callAs(admin, () -> audit.verify());
            assertThat(before.intact()).as(String.valueOf(before)).isTrue();
            assertThat(before.entries()).isEqualTo(3);

            Access.runAs(
                    admin,
                    () -> audit.on(new Audited("conversation.status", "conversation", "c1", "pending-2", "resolved")));
            AuditLog.Verification after = Access.callAs(admin, () -> audit.verify());
            assertThat(after.intact()).as(String.valueOf(after)).isTrue();
            assertThat(after.entries()).isEqualTo(4);
            assertThat(jdbc.sql("select chain || ':' || prev_hash from audit_entry where workspace_id = ? and seq = 4")
                            .param(ws)
                            .query(String.class)
                            .single())
                    .isEqualTo("2:" + hashes[2]);
        }
    }

    /** The newest migration before V10, whichever numbers the other migrations have. */
    private static String lastVersionBeforeTheKeyedChain() throws java.io.IOException {
        int last = 0;
        for (var resource : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                .getResources("classpath:db/migration/V*__*.sql")) {
            int version = Integer.parseInt(
                    resource.getFilename().substring(1, resource.getFilename().indexOf("__")));
            if (version < 10) last = Math.max(last, version);
        }
        return String.valueOf(last);
    }
}
