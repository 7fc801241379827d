package fi.mokadesk.channel.email;

import fi.mokadesk.channel.ChannelAdapter;
import fi.mokadesk.channel.OutboundMail;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.ReplySent;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The email channel: a mailbox read over IMAP (see {@link EmailPoller}) and replies sent over SMTP (see
 * {@link SmtpReplies}). Replies leave by the mailbox their thread came in through.
 */
@Component
class EmailChannel implements ChannelAdapter {

    static final String NO_SMTP = "Vastauksia ei voi lähettää: SMTP-palvelinta ei ole asetettu / "
            + "Replies cannot be sent: no SMTP server is set";

    private final MailServers servers;
    private final SmtpReplies replies;
    private final EmailImport importer;
    private final JdbcClient jdbc;

    EmailChannel(MailServers servers, SmtpReplies replies, EmailImport importer, JdbcClient jdbc) {
        this.servers = servers;
        this.replies = replies;
        this.importer = importer;
        this.jdbc = jdbc;
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Set<String> secretFields() {
        return EmailSettings.SECRETS;
    }

    @Override
    public Map<String, Object> validate(Map<String, Object> settings) {
        return EmailSettings.validate(settings);
    }

    /** A raw RFC 5322 mail (as a mail server would hand it over) read into a customer message. */
    @Override
    public InboundMessage inbound(Map<String, Object> settings, Map<String, String> headers, byte[] body) {
        ParsedMail mail = importer.parse(body, false);
        return new InboundMessage(
                type(),
                "mail:" + EmailImport.key(mail),
                null,
                EmailImport.truncate(mail.fromName(), 200),
                null,
                mail.fromAddress(),
                EmailImport.truncate(mail.subject(), 500),
                EmailImport.truncate(mail.text(), 20_000),
                false,
                mail.date());
    }

    @Override
    public Outcome send(Map<String, Object> settings, Delivery delivery) {
        return replies.send(settings, delivery);
    }

    @Override
    public Outcome sendMail(Map<String, Object> settings, OutboundMail mail, UUID deliveryId) {
        return replies.sendMail(settings, mail, deliveryId);
    }

    /** The mailbox the thread came in through; empty for a thread Mokadesk has no mail of. */
    @Override
    public Optional<UUID> replyChannel(ReplySent reply) {
        if (reply.threadKey() == null) return Optional.empty();
        return jdbc.sql("select channel_id from email_thread where thread_key = ?")
                .param(reply.threadKey())
                .query(UUID.class)
                .optional();
    }

    /** Signs in to IMAP and opens the folder, then connects to SMTP; the first problem is the answer. */
    @Override
    public Health health(Map<String, Object> stored) {
        EmailSettings settings = EmailSettings.of(stored);
        try (Store store = servers.imap(settings)) {
            Folder folder = store.getFolder(settings.folder());
            if (!folder.exists()) {
                return Health.error(
                        "IMAP-kansiota " + settings.folder() + " ei löydy postilaatikosta / The IMAP folder "
                                + settings.folder() + " does not exist in the mailbox");
            }
        } catch (MessagingException | UnknownHostException e) {
            return Health.error(MailServers.explain("IMAP", settings.imapHost(), settings.imapPort(), e));
        }
        if (settings.smtpHost() == null) {
            return Health.warning(NO_SMTP);
        }
        try (Transport transport = servers.smtp(servers.smtpSession(settings), settings)) {
            return Health.OK;
        } catch (MessagingException | UnknownHostException e) {
            return Health.error(MailServers.explain("SMTP", settings.smtpHost(), settings.smtpPort(), e));
        }
    }
}
