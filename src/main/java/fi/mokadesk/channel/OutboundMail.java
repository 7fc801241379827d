package fi.mokadesk.channel;

import org.springframework.mail.SimpleMailMessage;

/** A plain-text email as the outbox sends it. */
public record OutboundMail(String to, String subject, String text) {

    /** The message as handed to the mail server, from {@code from}. */
    public SimpleMailMessage message(String from) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        return message;
    }
}
