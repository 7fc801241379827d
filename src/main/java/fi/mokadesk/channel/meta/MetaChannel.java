package fi.mokadesk.channel.meta;

import fi.mokadesk.channel.ChannelAdapter;
import fi.mokadesk.channel.OutboundAddresses;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.ReplySent;
import fi.mokadesk.kernel.InvalidInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A Facebook Page or an Instagram account as a channel: events arrive by the Meta webhook
 * ({@link MetaWebhookController}), not by the channel platform's inbound path; replies, private replies and
 * hiding leave by the Graph API ({@link MetaReplies}). The two differ only by their {@link MetaPlatform}.
 */
abstract class MetaChannel implements ChannelAdapter {

    private final MetaPlatform platform;
    private final OutboundAddresses addresses;
    private final MetaReplies replies;
    private final MetaItems items;

    MetaChannel(MetaPlatform platform, OutboundAddresses addresses, MetaReplies replies, MetaItems items) {
        this.platform = platform;
        this.addresses = addresses;
        this.replies = replies;
        this.items = items;
    }

    @Override
    public String type() {
        return platform.type();
    }

    @Override
    public Set<String> secretFields() {
        return platform.secrets();
    }

    @Override
    public Map<String, Object> validate(Map<String, Object> settings) {
        return MetaSettings.validate(
                platform.type(), settings, List.of(platform.accountSetting()), platform.secrets(), addresses);
    }

    @Override
    public InboundMessage inbound(Map<String, Object> settings, Map<String, String> headers, byte[] body) {
        throw new InvalidInput("body", platform.name() + " events are posted by Meta to /webhooks/meta");
    }

    @Override
    public Outcome send(Map<String, Object> settings, Delivery delivery) {
        return replies.send(platform, settings, delivery);
    }

    @Override
    public Health health(Map<String, Object> settings) {
        return replies.health(platform, settings);
    }

    /** The Page or account the conversation's comments or messages came through. */
    @Override
    public Optional<UUID> replyChannel(ReplySent reply) {
        return items.channelOf(reply.conversationId());
    }
}
