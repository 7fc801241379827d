package fi.mokadesk.conversation;

import fi.mokadesk.workspace.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Rules for inbound messages: what is valid, and how identities and threads are keyed. */
final class Ingest {

    private static final Pattern CHANNEL = Pattern.compile("^[a-z][a-z0-9_.-]{0,39}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private Ingest() {}

    static InboundMessage validate(InboundMessage m) {
        String channel = m.channel() == null || m.channel().isBlank()
                ? "api"
                : m.channel().strip().toLowerCase(Locale.ROOT);
        if (!CHANNEL.matcher(channel).matches()) {
            throw new InvalidInput("channel", "must be 1-40 lowercase letters, digits, '.', '_' or '-'");
        }
        String text = requireText(m.text());
        String email = optional(m.authorEmail(), "author.email", 254);
        if (email != null && !EMAIL.matcher(email).matches())
            throw new InvalidInput("author.email", "is not an email address");
        Instant received = m.receivedAt() == null ? Instant.now() : m.receivedAt();
        if (received.isAfter(Instant.now().plus(Duration.ofDays(1)))) {
            throw new InvalidInput("receivedAt", "is more than a day in the future");
        }
        if (received.isBefore(Instant.parse("1990-01-01T00:00:00Z"))) {
            throw new InvalidInput("receivedAt", "is before 1990");
        }
        return new InboundMessage(
                channel,
                optional(m.externalId(), "externalId", 200),
                optional(m.threadKey(), "threadKey", 200),
                optional(m.authorName(), "author.name", 200),
                optional(m.authorHandle(), "author.handle", 200),
                email,
                optional(m.subject(), "subject", 500),
                text,
                m.isPublic(),
                received);
    }

    /** Text is kept as sent; only NUL characters, which PostgreSQL cannot store, become U+FFFD. */
    static String requireText(String text) {
        if (text == null || text.isBlank()) throw new InvalidInput("text", "is required");
        if (text.length() > Conversations.MAX_TEXT) {
            throw new InvalidInput("text", "is longer than " + Conversations.MAX_TEXT + " characters");
        }
        return text.replace('\u0000', '\uFFFD');
    }

    private static String optional(String value, String field, int max) {
        if (value == null || value.isBlank()) return null;
        String clean = value.strip().replace('\u0000', '\uFFFD');
        if (clean.length() > max) throw new InvalidInput(field, "is longer than " + max + " characters");
        return clean;
    }

    /** The sender's identity on the channel: handle, else email, else name, else a one-off id. */
    static String identity(InboundMessage m) {
        if (m.authorHandle() != null) return m.authorHandle().toLowerCase(Locale.ROOT);
        if (m.authorEmail() != null) return m.authorEmail().toLowerCase(Locale.ROOT);
        if (m.authorName() != null) return "name:" + m.authorName().toLowerCase(Locale.ROOT);
        return "anonymous:" + UUID.randomUUID();
    }

    static String threadKey(InboundMessage m, String identity) {
        return m.threadKey() != null ? m.threadKey() : "author:" + identity;
    }

    static String preview(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 160 ? flat : flat.substring(0, 157) + "…";
    }
}
