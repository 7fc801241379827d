package fi.mokadesk.channel;

import fi.mokadesk.conversation.ConversationChanged;
import fi.mokadesk.database.Tenant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
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
    private final Channels channels;

    /** Sends only rows written before channels existed (with the workspace's webhook secret). */
    WebhookDispatcher(
            JdbcClient jdbc, TransactionTemplate transaction, ApplicationEventPublisher events, JsonPost post) {
        this(jdbc, transaction, events, post, null);
    }

    @Autowired
    WebhookDispatcher(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            JsonPost post,
            Channels channels) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.post = post;
        this.channels = channels;
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
                        select d.target, d.payload, d.attempts, w.webhook_secret, d.channel_id
                          from outbound_delivery d join workspace w on w.id = d.workspace_id
                         where d.message_id = ? and d.state = 'pending'
                        """).param(claimed.messageId()).query().listOfRows();
        if (row.isEmpty()) return;
        String target = (String) row.get(0).get("target");
        String payload = (String) row.get(0).get("payload");
        int attempts = (Integer) row.get(0).get("attempts") + 1;
        String secret = (String) row.get(0).get("webhook_secret");
        UUID channelId = (UUID) row.get(0).get("channel_id");
        JsonPost.Result result;
        if (channelId != null && channels != null) {
            result = sendByChannel(channelId, claimed, target, payload);
        } else {
            result = post.sendSigned(target, payload, secret, "Mokadesk-Webhook/1");
        }
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

    /** Sends through the channel's adapter; a disabled channel fails the delivery with that reason. */
    private JsonPost.Result sendByChannel(UUID channelId, Claimed claimed, String target, String payload) {
        if (!channels.enabled(channelId)) return new JsonPost.Result("the channel is disabled", true);
        Channels.Sending channel;
        try {
            channel = channels.sending(channelId);
        } catch (IllegalStateException e) {
            return new JsonPost.Result(e.getMessage(), false);
        }
        ChannelAdapter.Outcome outcome = channel.adapter()
                .send(
                        channel.settings(),
                        new ChannelAdapter.Delivery(claimed.workspaceId(), claimed.messageId(), target, payload));
        return switch (outcome.kind()) {
            case SENT -> new JsonPost.Result(null, false);
            case FAILED -> new JsonPost.Result(outcome.reason(), true);
            case RETRY -> new JsonPost.Result(outcome.reason(), false);
            // The reply outbox has no separate uncertain state yet; the receiver dedupes by messageId.
            case UNCERTAIN -> new JsonPost.Result("uncertain: " + outcome.reason(), false);
        };
    }

    static String sign(String secret, String data) {
        return JsonPost.signature(secret, data);
    }
}
