package fi.mokadesk.channel.email;

import fi.mokadesk.channel.ChannelAdapter.Delivery;
import fi.mokadesk.channel.ChannelAdapter.Outcome;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.HeaderTerm;
import java.io.UnsupportedEncodingException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends an agent's reply over SMTP to the customer of the thread: plain text and an HTML alternative,
 * {@code In-Reply-To}/{@code References} of the mail answered, the subject with the thread's token
 * ({@code [#ABC123]}) and a {@code Message-ID} made from the reply's id. Each reply is recorded as
 * {@code sending} before the SMTP transaction starts; finding it still {@code sending} later means a crash
 * came between the server's acceptance and the record, and the reply is then looked for in the mailbox
 * instead of being sent again.
 */
@Component
class SmtpReplies {

    private static final Logger log = LoggerFactory.getLogger(SmtpReplies.class);
    private static final Pattern DAEMON = Pattern.compile("^(mailer-daemon|postmaster)@", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN = Pattern.compile("\\s*\\[#[A-Z0-9]{6,10}]");
    private static final Pattern REPLY_PREFIX =
            Pattern.compile("^\\s*((re|vs|sv|aw|fwd?|vl)\\s*:\\s*)+", Pattern.CASE_INSENSITIVE);
    private static final List<String> SENT_FOLDERS = List.of(
            "Sent", "Sent Items", "Sent Messages", "[Gmail]/Sent Mail", "INBOX.Sent", "Lähetetyt", "Lähetetyt viestit");

    private final JdbcClient jdbc;
    private final MailServers servers;
    private final JsonMapper json = JsonMapper.builder().build();

    SmtpReplies(JdbcClient jdbc, MailServers servers) {
        this.jdbc = jdbc;
        this.servers = servers;
    }

    /** The mail a reply answers: the thread's latest mail written by a person. */
    record Answered(
            String address, String headerMessageId, String references, String subject, UUID channelId, String token) {}

    Outcome send(Map<String, Object> stored, Delivery delivery) {
        EmailSettings settings = EmailSettings.of(stored);
        JsonNode reply;
        try {
            reply = json.readTree(delivery.payload());
        } catch (RuntimeException e) {
            return Outcome.failed("the reply could not be read: " + e.getMessage());
        }
        String threadKey = text(reply, "threadKey");
        String body = text(reply, "text");
        if (threadKey == null || body == null) return Outcome.failed("the reply has no thread or text");
        if (settings.smtpHost() == null) return Outcome.failed("no SMTP server is set for the email channel");
        if (settings.fromAddress() == null) return Outcome.failed("no sender address is set for the email channel");
        Optional<Answered> answered = answered(threadKey);
        if (answered.isEmpty()) {
            return Outcome.failed(
                    "the conversation has no mail written by a person to answer (only auto-replies or bounces)");
        }
        Answered to = answered.get();
        if (DAEMON.matcher(to.address()).find())
            return Outcome.failed("the address " + to.address() + " is a mail system");
        String headerId = "reply." + delivery.messageId() + "@" + settings.domain();

        String state = jdbc.sql("select state from email_sent where message_id = ?")
                .param(delivery.messageId())
                .query(String.class)
                .optional()
                .orElse(null);
        if ("sent".equals(state)) return Outcome.sent();
        if ("sending".equals(state)) {
            // A crash between the SMTP server's acceptance and our record: never send blindly again.
            if (foundInMailbox(settings, headerId)) {
                markSent(delivery.messageId());
                return Outcome.sent();
            }
            return Outcome.uncertain("the mail server may have accepted this reply before an interruption; "
                    + "it was not found in the Sent folder, so it is not sent again automatically");
        }
        jdbc.sql("""
                        insert into email_sent (workspace_id, message_id, channel_id, header_message_id, thread_key,
                                                recipient, state)
                        values (current_workspace(), ?, ?, ?, ?, ?, 'sending')
                        on conflict (workspace_id, message_id) do update set state = 'sending', attempted_at = now(),
                            last_error = null, recipient = excluded.recipient
                        """)
                .params(delivery.messageId(), to.channelId(), headerId, threadKey, to.address())
                .update();

        Session session = servers.smtpSession(settings);
        MimeMessage mail;
        try {
            mail = compose(session, settings, to, headerId, text(reply, "author"), body);
        } catch (MessagingException | UnsupportedEncodingException e) {
            return failed(delivery.messageId(), Outcome.failed("the reply could not be composed: " + e.getMessage()));
        }
        Transport transport;
        try {
            transport = servers.smtp(session, settings);
        } catch (AuthenticationFailedException e) {
            return failed(
                    delivery.messageId(),
                    Outcome.failed(MailServers.explain("SMTP", settings.smtpHost(), settings.smtpPort(), e)));
        } catch (MessagingException | UnknownHostException e) {
            return failed(
                    delivery.messageId(),
                    Outcome.retry(MailServers.explain("SMTP", settings.smtpHost(), settings.smtpPort(), e)));
        }
        try (transport) {
            transport.sendMessage(mail, mail.getAllRecipients());
        } catch (SMTPSendFailedException e) {
            int code = e.getReturnCode();
            String why = "SMTP " + code + ": " + oneLine(e.getMessage());
            return failed(delivery.messageId(), code >= 500 ? Outcome.failed(why) : Outcome.retry(why));
        } catch (SendFailedException e) {
            // Refused recipients: the server said no before taking the mail.
            return failed(
                    delivery.messageId(),
                    Outcome.failed("the mail server refused the recipient: " + oneLine(e.getMessage())));
        } catch (MessagingException e) {
            // The connection broke while the mail was under way: it may or may not have arrived.
            log.warn("Reply {} may or may not have been accepted: {}", delivery.messageId(), e.toString());
            return Outcome.uncertain(
                    "the connection to the mail server broke while sending: " + oneLine(e.getMessage()));
        }
        markSent(delivery.messageId());
        if (settings.sentCopy()) copyToSent(settings, mail);
        return Outcome.sent();
    }

    /**
     * Appends a copy of a sent reply to the mailbox's Sent folder (IMAP APPEND, marked read), so the team
     * still sees the replies in a mail program. The folder is {@code sentFolder}, else the first of the usual
     * names that exists. Best effort: the reply is sent whatever happens here; a failure is logged.
     */
    void copyToSent(EmailSettings settings, MimeMessage mail) {
        try (Store store = servers.imap(settings)) {
            Folder target = null;
            if (settings.sentFolder() != null) {
                target = store.getFolder(settings.sentFolder());
            } else {
                for (String name : SENT_FOLDERS) {
                    Folder candidate = store.getFolder(name);
                    if (candidate.exists()) {
                        target = candidate;
                        break;
                    }
                }
                if (target == null) target = store.getFolder("Sent");
            }
            if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
                log.warn("Reply copy not kept: the folder {} could not be created", target.getFullName());
                return;
            }
            mail.setFlag(jakarta.mail.Flags.Flag.SEEN, true);
            target.appendMessages(new Message[] {mail});
        } catch (MessagingException | UnknownHostException | RuntimeException e) {
            log.warn("Reply copy not kept in the Sent folder: {}", e.toString());
        }
    }

    /**
     * A plain-text mail of Mokadesk's own (a contact form's confirmation) from the channel's sender address.
     * It is marked {@code Auto-Submitted: auto-generated} (RFC 3834), so well-behaved auto-responders do not
     * answer it; its Message-ID is made from the outbox row, the same on every attempt.
     */
    Outcome sendMail(Map<String, Object> stored, fi.mokadesk.channel.OutboundMail message, UUID deliveryId) {
        EmailSettings settings = EmailSettings.of(stored);
        if (settings.smtpHost() == null) return Outcome.failed("no SMTP server is set for the email channel");
        if (settings.fromAddress() == null) return Outcome.failed("no sender address is set for the email channel");
        if (DAEMON.matcher(message.to()).find())
            return Outcome.failed("the address " + message.to() + " is a mail system");
        Session session = servers.smtpSession(settings);
        MimeMessage mail;
        try {
            String headerId = "mail." + deliveryId + "@" + settings.domain();
            mail = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + headerId + ">");
                }
            };
            mail.setFrom(new InternetAddress(settings.fromAddress(), settings.fromName(), "UTF-8"));
            mail.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to(), true));
            mail.setSubject(message.subject(), "UTF-8");
            mail.setHeader("Auto-Submitted", "auto-generated");
            mail.setText(message.text(), "UTF-8", "plain");
            mail.setSentDate(new java.util.Date());
            mail.saveChanges();
        } catch (MessagingException | UnsupportedEncodingException e) {
            return Outcome.failed("the mail could not be composed: " + e.getMessage());
        }
        Transport transport;
        try {
            transport = servers.smtp(session, settings);
        } catch (AuthenticationFailedException e) {
            return Outcome.failed(MailServers.explain("SMTP", settings.smtpHost(), settings.smtpPort(), e));
        } catch (MessagingException | UnknownHostException e) {
            return Outcome.retry(MailServers.explain("SMTP", settings.smtpHost(), settings.smtpPort(), e));
        }
        try (transport) {
            transport.sendMessage(mail, mail.getAllRecipients());
        } catch (SMTPSendFailedException e) {
            int code = e.getReturnCode();
            String why = "SMTP " + code + ": " + oneLine(e.getMessage());
            return code >= 500 ? Outcome.failed(why) : Outcome.retry(why);
        } catch (SendFailedException e) {
            return Outcome.failed("the mail server refused the recipient: " + oneLine(e.getMessage()));
        } catch (MessagingException e) {
            return Outcome.uncertain(
                    "the connection to the mail server broke while sending: " + oneLine(e.getMessage()));
        }
        return Outcome.sent();
    }

    private Outcome failed(UUID messageId, Outcome outcome) {
        // Definitely not accepted: a later attempt (or the retry button) may send it.
        jdbc.sql("update email_sent set state = 'failed', last_error = ? where message_id = ?")
                .params(outcome.reason(), messageId)
                .update();
        return outcome;
    }

    private void markSent(UUID messageId) {
        jdbc.sql("update email_sent set state = 'sent', sent_at = now(), last_error = null where message_id = ?")
                .param(messageId)
                .update();
    }

    Optional<Answered> answered(String threadKey) {
        return jdbc.sql("""
                        select coalesce(m.reply_to, m.from_address), m.header_message_id, m.mail_references, t.subject,
                               t.channel_id, t.token, m.subject
                          from email_thread t
                          join email_mail m on m.thread_key = t.thread_key
                         where t.thread_key = ? and not (m.auto_reply or m.bounce or m.list_mail)
                           and m.from_address is not null
                         order by m.received_at desc
                         limit 1
                        """)
                .param(threadKey)
                .query((rs, i) -> new Answered(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4) != null ? rs.getString(4) : rs.getString(7),
                        rs.getObject(5, UUID.class),
                        rs.getString(6)))
                .optional();
    }

    static MimeMessage compose(
            Session session, EmailSettings settings, Answered to, String headerId, String author, String text)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + headerId + ">");
            }
        };
        String fromName = settings.fromName() != null ? settings.fromName() : author;
        mail.setFrom(new InternetAddress(settings.fromAddress(), fromName, "UTF-8"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(to.address()));
        mail.setSubject(subject(to.subject(), to.token()), "UTF-8");
        if (to.headerMessageId() != null) {
            mail.setHeader("In-Reply-To", "<" + to.headerMessageId() + ">");
            List<String> refs = new ArrayList<>();
            if (to.references() != null && !to.references().isBlank())
                refs.addAll(Arrays.asList(to.references().split("\\s+")));
            refs.add(to.headerMessageId());
            // Long threads keep the first and the latest references, as RFC 5322 suggests trimming them.
            if (refs.size() > 20) {
                List<String> trimmed = new ArrayList<>(refs.subList(0, 1));
                trimmed.addAll(refs.subList(refs.size() - 19, refs.size()));
                refs = trimmed;
            }
            mail.setHeader(
                    "References",
                    String.join(" ", refs.stream().map(r -> "<" + r + ">").toList()));
        }
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(text), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        mail.setContent(alternative);
        mail.setSentDate(new java.util.Date());
        mail.saveChanges();
        return mail;
    }

    /** "Re: " + the thread's subject + its token, without piling up prefixes or tokens. */
    static String subject(String original, String token) {
        String base = original == null
                ? ""
                : TOKEN.matcher(REPLY_PREFIX.matcher(original).replaceFirst("")).replaceAll("");
        String withToken = base.isBlank() ? "[#" + token + "]" : base.strip() + " [#" + token + "]";
        return "Re: " + withToken;
    }

    static String html(String text) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html><html><body>");
        for (String paragraph : text.strip().split("\\n\\s*\\n")) {
            out.append("<p>")
                    .append(HtmlUtils.htmlEscape(paragraph, "UTF-8").replace("\n", "<br>"))
                    .append("</p>");
        }
        return out.append("</body></html>").toString();
    }

    /** Whether the reply is in the mailbox's Sent folder (or the inbox, for a copy to itself). */
    private boolean foundInMailbox(EmailSettings settings, String headerId) {
        try (Store store = servers.imap(settings)) {
            List<String> folders = new ArrayList<>(SENT_FOLDERS);
            folders.add(settings.folder());
            for (String name : folders) {
                Folder folder = store.getFolder(name);
                if (!folder.exists()) continue;
                folder.open(Folder.READ_ONLY);
                try {
                    if (folder.search(new HeaderTerm("Message-ID", headerId)).length > 0) return true;
                } finally {
                    folder.close(false);
                }
            }
        } catch (MessagingException | UnknownHostException | RuntimeException e) {
            log.warn("Could not look for reply {} in the mailbox: {}", headerId, e.toString());
        }
        return false;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String oneLine(String message) {
        if (message == null) return "";
        String line = message.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
