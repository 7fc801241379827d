package fi.mokadesk.channel;

import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Plain-text emails through the configured mail server ({@code spring.mail.host}); the row's target is
 * the recipient, its subject the subject and its payload the text. Named apart from Spring Boot's mail
 * sender bean ({@code mailSender}), which exists once a mail server is configured: the same name stopped
 * the desk from starting.
 */
@Component("outboxMailSender")
class MailSender implements OutboxSender {

    private final ObjectProvider<JavaMailSender> mail;
    private final ObjectProvider<Channels> channels;
    private final String from;

    MailSender(
            ObjectProvider<JavaMailSender> mail,
            ObjectProvider<Channels> channels,
            @Value("${mokadesk.mail-from:${mokadesk.storms.mail-from:mokadesk@localhost}}") String from) {
        this.mail = mail;
        this.channels = channels;
        this.from = from;
    }

    boolean configured() {
        return mail.getIfAvailable() != null;
    }

    @Override
    public DeliveryKind kind() {
        return DeliveryKind.MAIL;
    }

    @Override
    public ChannelAdapter.Outcome send(Outbox.Row row) {
        if (row.channelId() != null) return sendVia(row);
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) return ChannelAdapter.Outcome.retry("no mail server is configured");
        try {
            sender.send(new OutboundMail(row.target(), row.subject(), row.payload()).message(from));
            return ChannelAdapter.Outcome.sent();
        } catch (MailParseException | MailPreparationException e) {
            return ChannelAdapter.Outcome.failed("not a sendable email: " + e.getMessage());
        } catch (MailAuthenticationException e) {
            return ChannelAdapter.Outcome.retry("the mail server refused the login: " + e.getMessage());
        } catch (MailSendException e) {
            return ChannelAdapter.Outcome.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return ChannelAdapter.Outcome.retry(
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** A mail that leaves through a channel of the workspace (its adapter's own mail server). */
    private ChannelAdapter.Outcome sendVia(Outbox.Row row) {
        Channels all = channels.getObject();
        Optional<Channels.Target> channel = all.target(row.channelId(), "smtpHost");
        if (channel.isEmpty()) return ChannelAdapter.Outcome.failed("the channel no longer exists");
        if (!channel.get().enabled()) return ChannelAdapter.Outcome.failed("the channel is disabled");
        ChannelAdapter adapter = all.adapterOf(channel.get().type());
        if (adapter == null)
            return ChannelAdapter.Outcome.failed(
                    "no adapter for " + channel.get().type());
        Map<String, Object> settings;
        try {
            settings = all.sendingSettings(channel.get().id(), adapter);
        } catch (IllegalStateException e) {
            return ChannelAdapter.Outcome.failed(e.getMessage() + "; enter the channel's secret again");
        }
        return adapter.sendMail(settings, new OutboundMail(row.target(), row.subject(), row.payload()), row.id());
    }
}
