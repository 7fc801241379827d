package fi.mokadesk.channel.meta;

import fi.mokadesk.channel.ChannelAdapter.Health;
import fi.mokadesk.channel.Channels;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.notification.Notifications;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Meta refused a channel's token (code 190: expired, revoked, password changed): the channel goes to
 * {@code error} with "token expired — reconnect" (logged and audited as {@code channel.error}) and the
 * workspace's admins get a notice in the bell, once a day per channel, pointing at the channels page.
 */
@Component
public class TokenAlarm {

    // Lazily: the channel facade holds the adapters, and the adapters this alarm.
    private final ObjectProvider<Channels> channels;
    private final Workspaces workspaces;
    private final ObjectProvider<Notifications> notifications;
    private final TransactionTemplate transaction;

    TokenAlarm(
            ObjectProvider<Channels> channels,
            Workspaces workspaces,
            ObjectProvider<Notifications> notifications,
            TransactionTemplate transaction) {
        this.channels = channels;
        this.workspaces = workspaces;
        this.notifications = notifications;
        this.transaction = transaction;
    }

    /** In the current workspace, as the desk's automation. */
    public void expired(UUID channel, GraphApi.Answer answer) {
        Access.runAs(
                Access.system(Tenant.require(), "meta"),
                () -> transaction.executeWithoutResult(status -> {
                    channels.getObject()
                            .setHealth(channel, Health.error(MetaReplies.TOKEN_EXPIRED + " — " + answer.message()));
                    Notifications notify = notifications.getIfAvailable();
                    if (notify == null) return;
                    List<Notifications.Recipient> admins = workspaces.members().stream()
                            .filter(m -> m.enabled() && m.role() == Role.ADMIN)
                            .map(m -> new Notifications.Recipient(m.userId(), m.email()))
                            .toList();
                    notify.notify(
                            admins,
                            new Notifications.Notice(
                                    "channel",
                                    "notification.channel.tokenExpired",
                                    List.of(channels.getObject().get(channel).name()),
                                    "/admin/channels",
                                    "channel-token:" + channel + ":" + LocalDate.now()));
                }));
    }
}
