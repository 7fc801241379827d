package fi.mokadesk.channel;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Event webhooks: the body as stored, and the headers an integrator checks —
 * {@code X-Mokadesk-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>},
 * {@code X-Mokadesk-Timestamp} (Unix seconds, against replays), {@code X-Mokadesk-Event} and
 * {@code X-Mokadesk-Delivery} (the outbox row; the same on every retry of it).
 */
@Component
class EventWebhookSender implements OutboxSender {

    private final JsonPost post;
    private final EventWebhooks webhooks;

    EventWebhookSender(JsonPost post, EventWebhooks webhooks) {
        this.post = post;
        this.webhooks = webhooks;
    }

    @Override
    public DeliveryKind kind() {
        return DeliveryKind.EVENT;
    }

    @Override
    public ChannelAdapter.Outcome send(Outbox.Row row) {
        String secret;
        try {
            secret = webhooks.secret(row.subscriptionId());
        } catch (IllegalStateException e) {
            return ChannelAdapter.Outcome.failed(e.getMessage());
        }
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Mokadesk-Webhooks/1");
        headers.put("X-Mokadesk-Timestamp", timestamp);
        headers.put("X-Mokadesk-Signature", "sha256=" + JsonPost.signature(secret, timestamp + "." + row.payload()));
        headers.put("X-Mokadesk-Event", row.reference());
        headers.put("X-Mokadesk-Delivery", row.id().toString());
        return OutboxSender.outcome(post.send(row.target(), row.payload(), headers));
    }
}
