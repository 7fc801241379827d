package fi.mokadesk.channel.feed;

import fi.mokadesk.channel.ChannelAdapter;
import fi.mokadesk.channel.OutboundAddresses;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.kernel.InvalidInput;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A feed as a channel: one RSS/Atom address per channel, read by {@link FeedPoller}. Mentions are public
 * posts on sites the company does not own, so there is no way to answer them from here: replies fail with
 * a reason, and agents answer on the site itself.
 */
@Component
class FeedChannel implements ChannelAdapter {

    static final String TYPE = "feed";

    private final OutboundAddresses addresses;
    private final JdbcClient jdbc;

    FeedChannel(OutboundAddresses addresses, JdbcClient jdbc) {
        this.addresses = addresses;
        this.jdbc = jdbc;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return Set.of();
    }

    @Override
    public Map<String, Object> validate(Map<String, Object> settings) {
        return FeedSettings.validate(settings, addresses::refusal);
    }

    @Override
    public InboundMessage inbound(Map<String, Object> settings, Map<String, String> headers, byte[] body) {
        throw new InvalidInput("body", "feed channels read their feed themselves; nothing is posted to them");
    }

    @Override
    public Outcome send(Map<String, Object> settings, Delivery delivery) {
        return Outcome.failed("a mention cannot be answered from Mokadesk; answer it on the site where it was written");
    }

    /** A new source is fine until its first poll says otherwise. */
    @Override
    public Health health(Map<String, Object> settings) {
        return Health.OK;
    }

    /** The state of the last poll: the poller's own record, so the periodic check repeats, never clears, it. */
    @Override
    public Health health(UUID channelId, Map<String, Object> settings) {
        return jdbc.sql("select error_detail from feed_source where channel_id = ? and error_kind is not null")
                .param(channelId)
                .query(String.class)
                .optional()
                .map(Health::error)
                .orElse(Health.OK);
    }
}
