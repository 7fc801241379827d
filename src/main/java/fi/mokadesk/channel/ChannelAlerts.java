package fi.mokadesk.channel;

import fi.mokadesk.kernel.PublicUrl;
import fi.mokadesk.notification.Notifications;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells the workspace's admins when one of its channels goes into error (an IMAP login that starts failing,
 * a form whose canary does not get through): a notice in the notification centre and, when a mail server is
 * configured, an email through the outbox, both in the transaction that recorded the error. Once per error
 * episode: the notice's and the emails' keys name the channel and the moment the episode began, so another
 * failing poll of the same episode adds nothing, and the next episode (after the channel was fine again) is
 * told again. Channels whose adapter emails its admins itself (the contact form's health monitor, with the
 * alternative contacts and the outage report) get no second email. When the workspace has a chat webhook for
 * alerts, the episode is also posted there once (every channel type, the form too).
 */
@Component
class ChannelAlerts {

    private static final Logger log = LoggerFactory.getLogger(ChannelAlerts.class);
    private static final Locale FINNISH = Locale.forLanguageTag("fi");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d.M.yyyy H.mm");

    private final Notifications notifications;
    private final Deliveries deliveries;
    private final Workspaces workspaces;
    private final TransactionTemplate transaction;
    private final PublicUrl publicUrl;

    ChannelAlerts(
            Notifications notifications,
            Deliveries deliveries,
            Workspaces workspaces,
            TransactionTemplate transaction,
            @Value("${mokadesk.public-url:}") String publicUrl) {
        this.notifications = notifications;
        this.deliveries = deliveries;
        this.workspaces = workspaces;
        this.transaction = transaction;
        this.publicUrl = PublicUrl.of(publicUrl);
    }

    @EventListener
    void on(ChannelFailed failed) {
        transaction.executeWithoutResult(status -> tell(failed));
    }

    private void tell(ChannelFailed failed) {
        String episode =
                "channel.error:" + failed.channelId() + ":" + failed.since().toInstant();
        String since = TIME.withZone(workspaces.timeZone()).format(failed.since()); // the workspace's clock
        String reason = failed.statusMessage() == null ? "" : failed.statusMessage();
        Notifications.Notice notice = new Notifications.Notice(
                "channel.error",
                "notification.channel.error",
                List.of(failed.name(), since, reason),
                "/admin/channels",
                episode);
        List<Notifications.Recipient> admins = workspaces.members().stream()
                .filter(m -> m.enabled() && m.role().atLeast(Role.ADMIN))
                .map(m -> new Notifications.Recipient(m.userId(), m.email()))
                .toList();
        List<Notifications.Recipient> told = notifications.notify(admins, notice);
        String pageLink = publicUrl.link("/admin/channels");
        String subject = "Kanava ei toimi / Channel failing: " + failed.name();
        workspaces
                .alertChatWebhookUrl()
                .ifPresent(url -> deliveries.chat(
                        episode + ":chat",
                        failed.channelId().toString(),
                        url,
                        subject + " (" + since + ")" + (reason.isEmpty() ? "" : " — " + reason) + " " + pageLink));
        if (told.isEmpty() || failed.type().equals("form")) return; // the form's monitor emails its own notice
        if (!deliveries.mailConfigured()) {
            log.info("Channel error notice for {} not emailed: no mail server is configured", failed.name());
            return;
        }
        String text = notifications.text(notice, FINNISH) + "\n\n" + notifications.text(notice, Locale.ENGLISH)
                + "\n\nKanavat / Channels: " + pageLink;
        for (Notifications.Recipient admin : told) {
            if (admin.email() == null) continue;
            deliveries.mail(
                    episode + ":" + admin.email(),
                    failed.channelId().toString(),
                    new OutboundMail(admin.email(), subject, text));
        }
    }
}
