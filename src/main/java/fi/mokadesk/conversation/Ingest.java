package fi.mokadesk.conversation;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.StorableText;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Rules for inbound messages: what is valid, and how identities and threads are keyed. */
final class Ingest {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private Ingest() {}

    /** No message is older than this; parsed once (parsing it for every message was a twentieth of an API call). */
    private static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");

    static InboundMessage validate(InboundMessage m) {
        // Every field is checked before anything is stored: keys (externalId, threadKey, handle, email)
        // must be storable as they are, or a retry would not find the first delivery.
        String channel = m.channel() == null || m.channel().isBlank()
                ? ChannelType.API.code()
                : ChannelType.of(m.channel(), "channel").code();
        String externalId = key(m.externalId(), "externalId", 200);
        String threadKey = key(m.threadKey(), "threadKey", 200);
        String handle = key(m.authorHandle(), "author.handle", 200);
        String email = key(m.authorEmail(), "author.email", 254);
        if (email != null && !EMAIL.matcher(email).matches())
            throw new InvalidInput("author.email", "is not an email address");
        Instant received = m.receivedAt() == null ? Instant.now() : m.receivedAt();
        if (received.isAfter(Instant.now().plus(Duration.ofDays(1)))) {
            throw new InvalidInput("receivedAt", "is more than a day in the future");
        }
        if (received.isBefore(EARLIEST)) {
            throw new InvalidInput("receivedAt", "is before 1990");
        }
        return new InboundMessage(
                channel,
                externalId,
                threadKey,
                optional(m.authorName(), "author.name", 200),
                handle,
                email,
                optional(m.subject(), "subject", 500),
                requireText(m.text()),
                m.isPublic(),
                received);
    }

    /**
     * Text is kept as sent; only what PostgreSQL cannot store (NUL characters, lone surrogates) becomes
     * U+FFFD, so a customer's message is never refused for one broken character.
     */
    static String requireText(String text) {
        if (text == null || text.isBlank()) throw new InvalidInput("text", "is required");
        if (text.length() > Conversations.MAX_TEXT) {
            throw new InvalidInput("text", "is longer than " + Conversations.MAX_TEXT + " characters");
        }
        return StorableText.repair(text);
    }

    /** Free text such as a name or subject: stripped, repaired like the message text. */
    private static String optional(String value, String field, int max) {
        if (value == null || value.isBlank()) return null;
        String clean = StorableText.repair(value.strip());
        if (clean.length() > max) throw new InvalidInput(field, "is longer than " + max + " characters");
        return clean;
    }

    /** An identifying value: stripped, and refused (never altered) when it cannot be stored as sent. */
    private static String key(String value, String field, int max) {
        if (value == null || value.isBlank()) return null;
        String clean = StorableText.require(value.strip(), field);
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

    /** Compiled once: {@code String.replaceAll} compiled it again for every message stored. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    static String preview(String text) {
        String flat = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return flat.length() <= 160 ? flat : flat.substring(0, 157) + "…";
    }
}
