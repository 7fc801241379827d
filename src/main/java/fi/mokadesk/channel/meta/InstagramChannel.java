package fi.mokadesk.channel.meta;

import fi.mokadesk.channel.OutboundAddresses;
import org.springframework.stereotype.Component;

/**
 * An Instagram professional account: comments on its media (replies by {@code POST /{comment-id}/replies})
 * and direct messages. Settings: {@code instagramAccountId}, {@code accessToken}, {@code appSecret},
 * {@code verifyToken}, {@code graphBaseUrl}, {@code graphVersion}, {@code humanAgent}.
 */
@Component
class InstagramChannel extends MetaChannel {

    InstagramChannel(OutboundAddresses addresses, MetaReplies replies, MetaItems items) {
        super(MetaPlatform.INSTAGRAM, addresses, replies, items);
    }
}
