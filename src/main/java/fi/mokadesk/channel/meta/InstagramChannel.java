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
import org.springframework.stereotype.Component;

/**
 * An Instagram professional account: comments on its media and direct messages arrive by the Meta webhook;
 * replies ({@code POST /{comment-id}/replies}), private replies and hiding leave by the Graph API
 * ({@link MetaReplies}). Settings: {@code instagramAccountId}, {@code accessToken}, {@code appSecret},
 * {@code verifyToken}, {@code graphBaseUrl}, {@code graphVersion}, {@code humanAgent}.
 */
@Component
class InstagramChannel implements ChannelAdapter {

    static final String TYPE = "instagram";
    static final Set<String> SECRETS = Set.of("accessToken", MetaSettings.APP_SECRET, MetaSettings.VERIFY_TOKEN);

    private final OutboundAddresses addresses;
    private final MetaReplies replies;
    private final MetaItems items;

    InstagramChannel(OutboundAddresses addresses, MetaReplies replies, MetaItems items) {
        this.addresses = addresses;
        this.replies = replies;
        this.items = items;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return SECRETS;
    }

    @Override
    public Map<String, Object> validate(Map<String, Object> settings) {
        return MetaSettings.validate(TYPE, settings, List.of("instagramAccountId"), SECRETS, addresses);
    }

    @Override
    public InboundMessage inbound(Map<String, Object> settings, Map<String, String> headers, byte[] body) {
        throw new InvalidInput("body", "Instagram events are posted by Meta to /webhooks/meta");
    }

    @Override
    public Outcome send(Map<String, Object> settings, Delivery delivery) {
        return replies.send(MetaReplies.INSTAGRAM, settings, delivery);
    }

    @Override
    public Health health(Map<String, Object> settings) {
        return replies.health(MetaReplies.INSTAGRAM, settings);
    }

    /** The account the conversation's comments or messages came through. */
    @Override
    public Optional<UUID> replyChannel(ReplySent reply) {
        return items.channelOf(reply.conversationId());
    }
}
