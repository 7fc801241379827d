package fi.mokadesk.channel.form;

import fi.mokadesk.channel.Channels;
import fi.mokadesk.channel.Deliveries;
import fi.mokadesk.channel.OutboundMail;
import fi.mokadesk.channel.form.FormDirectory.Form;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The confirmation a customer gets after sending a contact form with {@code confirmationEmail} on: queued in
 * the outbox in the submission's own transaction and sent by the workspace's email channel (its SMTP server
 * and sender address), so it comes from the company's address. It holds the form's thank-you text and
 * nothing the sender typed: a form anyone can fill must not become a way to mail arbitrary text to
 * arbitrary addresses. One per submission (the outbox key names it).
 */
@Component
class Confirmations {

    private static final Logger log = LoggerFactory.getLogger(Confirmations.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[^@\\s<>\"]{1,253}$");

    private final Channels channels;
    private final Deliveries deliveries;
    private final MessageSource texts;

    Confirmations(Channels channels, Deliveries deliveries, MessageSource texts) {
        this.channels = channels;
        this.deliveries = deliveries;
        this.texts = texts;
    }

    /** Queues the confirmation inside the caller's transaction; without an address or a sending channel, none. */
    void queue(Form form, UUID submissionId, String email, String language) {
        if (email == null || !EMAIL.matcher(email.strip()).matches()) return;
        Optional<UUID> channel = channels.firstEnabledWith("email", "smtpHost");
        if (channel.isEmpty()) {
            log.info(
                    "Form {} (workspace {}) asks for confirmation emails, but no enabled email channel can send;"
                            + " submission {} gets none",
                    form.name(),
                    form.workspaceId(),
                    submissionId);
            return;
        }
        Locale locale = "en".equals(language) ? Locale.ENGLISH : Locale.forLanguageTag("fi");
        String subject = texts.getMessage("form.confirmation.subject", new Object[] {form.name()}, locale);
        String text = form.settings().thankYou(locale) + "\n\n"
                + texts.getMessage("form.confirmation.text", new Object[] {form.name()}, locale);
        deliveries.mailVia(
                channel.get(),
                "form-confirmation:" + submissionId,
                submissionId.toString(),
                new OutboundMail(email.strip(), subject, text));
    }
}
