package fi.mokadesk.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An installation with deliveries in the three old queues upgrades to the one outbox: every row moves with
 * its state, attempts and last error (delivered ones become sent), the pending ones stay due, and the old
 * tables are gone.
 */
class OutboxMigrationTest {

    @Test
    void repliesStormNotificationsAndAuditHeadDeliveriesMoveIntoTheOutbox() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource db = postgres.getPostgresDatabase();
            Flyway.configure()
                    .dataSource(db)
                    .locations("classpath:db/migration")
                    .target("14")
                    .load()
                    .migrate();
            JdbcClient jdbc = JdbcClient.create(db);
            UUID ws = jdbc.sql("insert into workspace (name) values ('Vanha Oy') returning id")
                    .query(UUID.class)
                    .single();
            UUID contact = jdbc.sql("insert into contact (workspace_id, name) values (?, 'Asiakas') returning id")
                    .param(ws)
                    .query(UUID.class)
                    .single();
            UUID conversation =
                    jdbc.sql("""
                            insert into conversation (workspace_id, channel, thread_key, contact_id, last_message_at)
                            values (?, 'api', 't-1', ?, now()) returning id
                            """).params(ws, contact).query(UUID.class).single();
            UUID sentReply = reply(jdbc, ws, conversation);
            UUID waitingReply = reply(jdbc, ws, conversation);
            jdbc.sql("""
                            insert into outbound_delivery (workspace_id, message_id, channel, target, payload, state,
                                                           attempts, last_error, delivered_at)
                            values (?, ?, 'api', 'https://crm.example.fi/hook', '{"text":"Moi"}', 'delivered', 2, null, now()),
                                   (?, ?, 'api', 'https://crm.example.fi/hook', '{"text":"Hei"}', 'pending', 3, 'HTTP 503', null)
                            """).params(ws, sentReply, ws, waitingReply).update();
            UUID storm = jdbc.sql("""
                            insert into storm (workspace_id, series, onset, last_bucket, magnitude, expected, observed,
                                               upper_band, peak_count, total_observed, total_expected, buckets)
                            values (?, 'negative', now(), now(), 6, 1, 6, 3, 6, 6, 1, 1) returning id
                            """).param(ws).query(UUID.class).single();
            jdbc.sql("""
                            insert into storm_notification (workspace_id, storm_id, kind, target, subject, body, state, attempts, last_error)
                            values (?, ?, 'chat', 'https://chat.example.fi/hook', 'Somemyrsky', '{"text":"Somemyrsky"}', 'failed', 8, 'HTTP 404'),
                                   (?, ?, 'email', 'liidi@kuppi.fi', 'Somemyrsky', 'Somemyrsky: negatiivisia', 'sent', 1, null)
                            """).params(ws, storm, ws, storm).update();
            jdbc.sql("insert into audit_head (workspace_id, seq, hash, entry_at) values (?, 7, 'abc123', now())")
                    .param(ws)
                    .update();
            jdbc.sql("""
                            insert into audit_head_delivery (workspace_id, seq, target, state, attempts)
                            values (?, 7, 'https://anchor.example.fi/', 'pending', 1)
                            """).param(ws).update();

            Flyway.configure()
                    .dataSource(db)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();

            List<Map<String, Object>> rows = jdbc.sql("""
                            select id, kind, idempotency_key, state, attempts, last_error, target, conversation_id,
                                   reference, subject, payload, next_attempt_at <= now() as due
                              from outbox where workspace_id = ? order by kind, idempotency_key
                            """).param(ws).query().listOfRows();
            assertThat(rows).hasSize(5);
            Map<String, Object> sent = row(rows, sentReply.toString());
            assertThat(sent)
                    .containsEntry("id", sentReply)
                    .containsEntry("kind", "reply")
                    .containsEntry("state", "sent")
                    .containsEntry("attempts", 2)
                    .containsEntry("conversation_id", conversation);
            assertThat(row(rows, waitingReply.toString()))
                    .containsEntry("state", "pending")
                    .containsEntry("attempts", 3)
                    .containsEntry("last_error", "HTTP 503")
                    .containsEntry("due", true)
                    .containsEntry("payload", "{\"text\":\"Hei\"}");
            assertThat(row(rows, "storm:" + storm + ":chat"))
                    .containsEntry("kind", "chat")
                    .containsEntry("state", "failed")
                    .containsEntry("last_error", "HTTP 404")
                    .containsEntry("reference", storm.toString());
            assertThat(row(rows, "storm:" + storm + ":email:liidi@kuppi.fi"))
                    .containsEntry("kind", "mail")
                    .containsEntry("state", "sent")
                    .containsEntry("subject", "Somemyrsky")
                    .containsEntry("target", "liidi@kuppi.fi");
            Map<String, Object> head = row(rows, "audit-head:7");
            assertThat(head)
                    .containsEntry("kind", "audit_head")
                    .containsEntry("state", "pending")
                    .containsEntry("reference", "7");
            JsonNode body = JsonMapper.builder().build().readTree((String) head.get("payload"));
            assertThat(body.get("event").asString()).isEqualTo("audit.head");
            assertThat(body.get("seq").asLong()).isEqualTo(7);
            assertThat(body.get("hash").asString()).isEqualTo("abc123");
            assertThat(body.get("workspaceId").asString()).isEqualTo(ws.toString());

            assertThat(jdbc.sql("""
                            select count(*) from pg_tables
                             where tablename in ('outbound_delivery', 'storm_notification', 'audit_head_delivery')
                            """).query(Long.class).single()).isZero();
            // The reply's message is still there: nothing a customer or agent wrote goes with the old queue.
            assertThat(jdbc.sql("select count(*) from message where workspace_id = ?")
                            .param(ws)
                            .query(Long.class)
                            .single())
                    .isEqualTo(2);
        }
    }

    private static UUID reply(JdbcClient jdbc, UUID ws, UUID conversation) {
        return jdbc.sql("""
                        insert into message (workspace_id, conversation_id, kind, channel, body, received_at)
                        values (?, ?, 'outbound', 'api', 'Moi', now()) returning id
                        """).params(ws, conversation).query(UUID.class).single();
    }

    private static Map<String, Object> row(List<Map<String, Object>> rows, String key) {
        return rows.stream()
                .filter(r -> key.equals(r.get("idempotency_key")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no outbox row " + key + " in " + rows));
    }
}
