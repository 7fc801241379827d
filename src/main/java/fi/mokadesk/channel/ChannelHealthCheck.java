package fi.mokadesk.channel;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.workspace.Access;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Asks every enabled channel's adapter how the channel is, so the channels page shows a broken channel before
 * a customer notices (a webhook address that can no longer be used, later a mailbox that refuses the login).
 * A changed answer is stored and audited as the automation's; an unchanged one writes nothing. The adapter is
 * asked outside any transaction: a health check may talk to the platform.
 */
@Component
class ChannelHealthCheck {

    private static final Logger log = LoggerFactory.getLogger(ChannelHealthCheck.class);
    static final String ACTOR = "channel-health";

    record Due(UUID workspaceId, UUID channelId) {}

    private final JdbcClient jdbc;
    private final Channels channels;

    ChannelHealthCheck(JdbcClient jdbc, Channels channels) {
        this.jdbc = jdbc;
        this.channels = channels;
    }

    /** Checks every enabled channel of every workspace; returns how many changed their status. */
    int checkAll() {
        List<Due> due = jdbc.sql("select workspace_id, channel_id from channels_to_check()")
                .query((rs, i) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
        int changed = 0;
        for (Due channel : due) {
            try {
                if (check(channel)) changed++;
            } catch (RuntimeException e) {
                // One broken channel must not keep the others unchecked; the next round tries again.
                log.warn("Health check of channel {} failed", channel.channelId(), e);
            }
        }
        return changed;
    }

    private boolean check(Due channel) {
        return Tenant.call(
                channel.workspaceId(),
                () -> Access.callAs(Access.system(channel.workspaceId(), ACTOR), () -> {
                    ChannelAdapter.Health health;
                    try {
                        Channels.HealthInput input = channels.forHealthCheck(channel.channelId());
                        health = input.adapter().health(channel.channelId(), input.settings());
                    } catch (IllegalStateException e) {
                        // Secrets sealed under another MOKADESK_SECRET_KEY cannot be opened.
                        health = ChannelAdapter.Health.error(
                                "Salaisuuksia ei voi lukea nykyisellä avaimella; syötä ne uudelleen"
                                        + " / The secrets cannot be read with the current key; enter them again");
                    }
                    return channels.recordCheckedHealth(channel.channelId(), health);
                }));
    }
}
