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
 * A Facebook Page: comments on its posts and Messenger messages arrive by the Meta webhook
 * ({@link MetaWebhookController}); replies, private replies and hiding leave by the Graph API
 * ({@link MetaReplies}). Settings: {@code pageId}, {@code pageAccessToken}, {@code appSecret},
 * {@code verifyToken}, {@code graphBaseUrl}, {@code graphVersion}, {@code humanAgent}.
 */
@Component
class FacebookChannel implements ChannelAdapter {

    static final String TYPE = "facebook";
    static final Set<String> SECRETS = Set.of("pageAccessToken", MetaSettings.APP_SECRET, MetaSettings.VERIFY_TOKEN);

    private final OutboundAddresses addresses;
    private final MetaReplies replies;
    private final MetaItems items;

    FacebookChannel(OutboundAddresses addresses, MetaReplies replies, MetaItems items) {
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
        return MetaSettings.validate(TYPE, settings, List.of("pageId"), SECRETS, addresses);
    }

    @Override
    public InboundMessage inbound(Map<String, Object> settings, Map<String, String> headers, byte[] body) {
        throw new InvalidInput("body", "Facebook events are posted by Meta to /webhooks/meta");
    }

    @Override
    public Outcome send(Map<String, Object> settings, Delivery delivery) {
        return replies.send(MetaReplies.FACEBOOK, settings, delivery);
    }

    @Override
    public Health health(Map<String, Object> settings) {
        return replies.health(MetaReplies.FACEBOOK, settings);
    }

    /** The Page the conversation's comments or messages came through. */
    @Override
    public Optional<UUID> replyChannel(ReplySent reply) {
        return items.channelOf(reply.conversationId());
    }
}
