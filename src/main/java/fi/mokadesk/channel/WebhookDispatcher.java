package fi.mokadesk.channel;

import fi.mokadesk.conversation.ConversationChanged;
import fi.mokadesk.database.Tenant;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due outbox rows to their webhook. Body is the JSON payload; headers {@code X-Mokadesk-Timestamp}
 * and {@code X-Mokadesk-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body" with the workspace secret>}
 * let the receiver check origin and freshness.
 */
@Component
class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final HttpClient http = JsonPost.client();

    WebhookDispatcher(JdbcClient jdbc, TransactionTemplate transaction, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
    }

    record Claimed(UUID workspaceId, UUID messageId) {}

    /** Sends what is due now; returns how many were attempted. */
    int dispatchDue() {
        List<Claimed> due = jdbc.sql(
                        "select workspace_id, message_id from claim_due_deliveries(50, interval '2 minutes')")
                .query((rs, i) -> new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
        for (Claimed claimed : due) Tenant.run(claimed.workspaceId(), () -> attempt(claimed));
        return due.size();
    }

    private void attempt(Claimed claimed) {
        var row = jdbc.sql("""
                        select d.target, d.payload, d.attempts, w.webhook_secret
                          from outbound_delivery d join workspace w on w.id = d.workspace_id
                         where d.message_id = ? and d.state = 'pending'
                        """).param(claimed.messageId()).query().listOfRows();
        if (row.isEmpty()) return;
        String target = (String) row.get(0).get("target");
        String payload = (String) row.get(0).get("payload");
        int attempts = (Integer) row.get(0).get("attempts") + 1;
        String secret = (String) row.get(0).get("webhook_secret");
        String error = send(target, payload, secret);
        transaction.executeWithoutResult(status -> {
            if (error == null) {
                jdbc.sql(
                                "update outbound_delivery set state = 'delivered', attempts = ?, delivered_at = now(), last_error = null where message_id = ?")
                        .params(attempts, claimed.messageId())
                        .update();
            } else {
                boolean giveUp = attempts >= Outbox.MAX_ATTEMPTS;
                jdbc.sql(
                                "update outbound_delivery set state = ?, attempts = ?, last_error = ?, next_attempt_at = ? where message_id = ?")
                        .params(
                                giveUp ? "failed" : "pending",
                                attempts,
                                error,
                                OffsetDateTime.now(ZoneOffset.UTC).plus(JsonPost.backoff(attempts)),
                                claimed.messageId())
                        .update();
                log.warn("Webhook delivery of {} failed (attempt {}): {}", claimed.messageId(), attempts, error);
            }
            UUID conversation = jdbc.sql("select conversation_id from message where id = ?")
                    .param(claimed.messageId())
                    .query(UUID.class)
                    .single();
            events.publishEvent(new ConversationChanged(claimed.workspaceId(), conversation, "delivery"));
        });
    }

    private String send(String target, String payload, String secret) {
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        return JsonPost.send(
                http,
                target,
                payload,
                java.util.Map.of(
                        "User-Agent",
                        "Mokadesk-Webhook/1",
                        "X-Mokadesk-Timestamp",
                        timestamp,
                        "X-Mokadesk-Signature",
                        "sha256=" + sign(secret, timestamp + "." + payload)));
    }

    static String sign(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
