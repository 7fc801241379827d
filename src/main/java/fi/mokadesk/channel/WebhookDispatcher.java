package fi.mokadesk.channel;

import fi.mokadesk.conversation.ConversationChanged;
import fi.mokadesk.database.Tenant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
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
    private final JsonPost post;

    WebhookDispatcher(
            JdbcClient jdbc, TransactionTemplate transaction, ApplicationEventPublisher events, JsonPost post) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.post = post;
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
        JsonPost.Result result = post.sendSigned(target, payload, secret, "Mokadesk-Webhook/1");
        String error = result.reason();
        transaction.executeWithoutResult(status -> {
            if (error == null) {
                jdbc.sql(
                                "update outbound_delivery set state = 'delivered', attempts = ?, delivered_at = now(), last_error = null where message_id = ?")
                        .params(attempts, claimed.messageId())
                        .update();
            } else {
                boolean giveUp = result.permanent() || attempts >= Outbox.MAX_ATTEMPTS;
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

    static String sign(String secret, String data) {
        return JsonPost.signature(secret, data);
    }
}
