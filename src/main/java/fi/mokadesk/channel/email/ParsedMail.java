package fi.mokadesk.channel.email;

import java.time.Instant;
import java.util.List;

/**
 * One mail as Mokadesk understood it: who sent it, the text a person reads, safe HTML, attachments, and
 * whether it was written by a machine (auto-reply, bounce, list mail). A mail that could only partly be
 * read says so in {@code problems}; nothing here is ever null except the optional headers.
 *
 * @param messageId the Message-ID without angle brackets, or null when the mail has none
 * @param contentSha256 hex SHA-256 of the mail's body (everything after the header block)
 * @param text the plain text a person reads (from the text part, or made from the HTML)
 * @param html the HTML part after sanitising, or null when the mail has no HTML
 * @param quoted where {@code text} turns into quoted reply history, or -1 when it has none
 * @param forward the original mail when this one forwards another (the original's sender and subject)
 */
record ParsedMail(
        String messageId,
        List<String> inReplyTo,
        List<String> references,
        String fromAddress,
        String fromName,
        String replyTo,
        String subject,
        Instant date,
        String text,
        String html,
        int quoted,
        List<Attachment> attachments,
        boolean autoReply,
        boolean bounce,
        boolean listMail,
        Forward forward,
        String headers,
        String contentSha256,
        long size,
        List<String> problems) {

    /** An attachment or inline image; {@code content} is null when it was over the limits ({@code refused}). */
    record Attachment(
            String fileName,
            String contentType,
            String contentId,
            boolean inline,
            long size,
            String sha256,
            byte[] content,
            String refused) {

        boolean image() {
            return contentType.startsWith("image/");
        }
    }

    /** What a forwarded mail says about the mail it forwards. */
    record Forward(String fromAddress, String fromName, String subject, String messageId) {}

    /** Written by a program rather than a person: kept and marked, never answered automatically. */
    boolean automatic() {
        return autoReply || bounce || listMail;
    }

    /** The text before the quoted history (all of it when there is none). */
    String freshText() {
        return quoted < 0 ? text : text.substring(0, quoted).stripTrailing();
    }

    String quotedText() {
        return quoted < 0 ? null : text.substring(quoted);
    }
}
