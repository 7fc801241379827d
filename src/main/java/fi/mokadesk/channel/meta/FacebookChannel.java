package fi.mokadesk.channel.meta;

import fi.mokadesk.channel.OutboundAddresses;
import org.springframework.stereotype.Component;

/**
 * A Facebook Page: comments on its posts and Messenger messages. Settings: {@code pageId},
 * {@code pageAccessToken}, {@code appSecret}, {@code verifyToken}, {@code graphBaseUrl}, {@code graphVersion},
 * {@code humanAgent}.
 */
@Component
class FacebookChannel extends MetaChannel {

    FacebookChannel(OutboundAddresses addresses, MetaReplies replies, MetaItems items) {
        super(MetaPlatform.FACEBOOK, addresses, replies, items);
    }
}
