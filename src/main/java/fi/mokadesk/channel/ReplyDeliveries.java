package fi.mokadesk.channel;

import fi.mokadesk.conversation.DeliveryStatuses;
import fi.mokadesk.conversation.ReplySent;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every reply, whatever its channel type, becomes an outbox row in the reply's own transaction, for the
 * adapter of its type; a type without an adapter or without an enabled channel is recorded {@code failed}
 * with the reason right away, so the agent sees it on the reply.
 */
@Component
class ReplyDeliveries implements DeliveryStatuses {

    private final Outbox outbox;
    private final Channels channels;
    private final Map<String, ChannelAdapter> adapters;
    private final JsonMapper json = JsonMapper.builder().build();

    ReplyDeliveries(Outbox outbox, Channels channels, List<ChannelAdapter> adapters) {
        this.outbox = outbox;
        this.channels = channels;
        this.adapters = adapters.stream().collect(Collectors.toMap(ChannelAdapter::type, Function.identity()));
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ReplySent reply) {
        String type = reply.channel();
        ChannelAdapter adapter = adapters.get(type);
        Optional<Channels.Target> channel = Optional.empty();
        String failed = null;
        if (adapter == null) {
            failed = "no adapter sends " + type + " replies yet";
        } else {
            Optional<UUID> chosen = adapter.replyChannel(reply);
            channel = chosen.isPresent()
                    ? channels.target(chosen.get(), "webhookUrl")
                    : channels.replyChannel(type, "webhookUrl");
            if (channel.isEmpty()) {
                failed = type.equals("api")
                        ? "no outbound webhook URL is set for this workspace"
                        : "no " + type + " channel is set up in this workspace";
            } else if (!channel.get().enabled()) {
                failed = "the " + type + " channel is disabled";
            } else if (!channel.get().type().equals(type)) {
                failed = "the chosen channel is not a " + type + " channel";
            }
        }
        outbox.insert(
                reply.messageId(),
                new Outbox.NewRow(
                        DeliveryKind.REPLY,
                        reply.messageId().toString(),
                        channel.map(Channels.Target::target).orElse(""),
                        type,
                        channel.map(Channels.Target::id).orElse(null),
                        null,
                        reply.conversationId(),
                        reply.messageId().toString(),
                        null,
                        json.writeValueAsString(payload(reply)),
                        failed));
    }

    /** The reply as every channel's adapter receives it; fields may be added, never renamed. */
    static Map<String, Object> payload(ReplySent reply) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "reply.created");
        payload.put("workspaceId", reply.workspaceId());
        payload.put("conversationId", reply.conversationId());
        payload.put("messageId", reply.messageId());
        payload.put("threadKey", reply.threadKey());
        payload.put("inReplyTo", reply.inReplyToExternalId());
        payload.put("author", reply.authorName());
        payload.put("text", reply.text());
        payload.put("createdAt", Instant.now().toString());
        payload.put("channel", reply.channel());
        return payload;
    }

    @Override
    public Map<UUID, Delivery> of(Collection<UUID> messageIds) {
        Map<UUID, Delivery> result = new LinkedHashMap<>();
        for (Outbox.Row row : outbox.replies(messageIds.toArray(UUID[]::new))) {
            result.put(row.id(), new Delivery(row.state().code(), row.attempts(), row.lastError()));
        }
        return result;
    }
}
