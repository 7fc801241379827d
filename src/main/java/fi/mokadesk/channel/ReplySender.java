package fi.mokadesk.channel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Sends a reply by the adapter of its channel type, with the settings of the channel chosen when the reply
 * was written. Replies written before channels existed name no channel; they leave by the workspace's
 * channel of their type.
 */
@Component
class ReplySender implements OutboxSender {

    private final Channels channels;
    private final Map<String, ChannelAdapter> adapters;

    ReplySender(Channels channels, List<ChannelAdapter> adapters) {
        this.channels = channels;
        this.adapters = adapters.stream().collect(Collectors.toMap(ChannelAdapter::type, Function.identity()));
    }

    @Override
    public DeliveryKind kind() {
        return DeliveryKind.REPLY;
    }

    @Override
    public ChannelAdapter.Outcome send(Outbox.Row row) {
        String type = row.channel() == null ? "api" : row.channel();
        ChannelAdapter adapter = adapters.get(type);
        if (adapter == null) return ChannelAdapter.Outcome.failed("no adapter sends " + type + " replies");
        Optional<Channels.Target> channel = row.channelId() != null
                ? channels.target(row.channelId(), "webhookUrl")
                : channels.replyChannel(type, "webhookUrl");
        if (channel.isEmpty()) return ChannelAdapter.Outcome.failed("the " + type + " channel no longer exists");
        if (!channel.get().enabled()) return ChannelAdapter.Outcome.failed("the channel is disabled");
        Map<String, Object> settings;
        try {
            settings = channels.sendingSettings(channel.get().id(), adapter);
        } catch (IllegalStateException e) {
            return ChannelAdapter.Outcome.failed(e.getMessage() + "; enter the channel's secret again");
        }
        // Rows written before channels existed stored the workspace's webhook URL; the channel's is current.
        String target = row.channelId() == null && channel.get().target() != null
                ? channel.get().target()
                : row.target();
        UUID messageId = row.id();
        return adapter.send(
                settings,
                new ChannelAdapter.Delivery(
                        row.workspaceId(), messageId, target, row.payload(), row.id(), row.attempts()));
    }
}
