package fi.mokadesk.channel;

import java.util.Map;
import org.springframework.stereotype.Component;

/** Chat integrations' incoming webhooks (Slack, Teams, Google Chat): the payload is posted as it is. */
@Component
class ChatSender implements OutboxSender {

    private final JsonPost post;

    ChatSender(JsonPost post) {
        this.post = post;
    }

    @Override
    public DeliveryKind kind() {
        return DeliveryKind.CHAT;
    }

    @Override
    public ChannelAdapter.Outcome send(Outbox.Row row) {
        return OutboxSender.outcome(post.send(row.target(), row.payload(), Map.of("User-Agent", "Mokadesk-Storm/1")));
    }
}
