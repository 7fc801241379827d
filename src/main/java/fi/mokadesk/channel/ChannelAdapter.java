package fi.mokadesk.channel;

import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.ReplySent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One kind of channel (api, email, form, …): how its settings look, how a platform's payload becomes an
 * {@link InboundMessage}, how one delivery leaves, and whether the channel is healthy. Each adapter lives
 * in its own sub-package and is a Spring bean; {@link Channels} finds it by {@link #type()}.
 */
public interface ChannelAdapter {

    /** The {@code ChannelType} code this adapter serves, e.g. {@code api}. */
    String type();

    /** Names of the settings that are secrets: stored encrypted, never returned, kept when left out. */
    Set<String> secretFields();

    /**
     * The settings made valid for storing (defaults filled in, values trimmed), or {@code InvalidInput}
     * naming the offending field as {@code settings.<name>}. Secrets arrive in clear text here.
     */
    Map<String, Object> validate(Map<String, Object> settings);

    /** Checks that {@code body} really came from the platform and turns it into a customer message. */
    InboundMessage inbound(Map<String, Object> settings, Map<String, String> headers, byte[] body);

    /** Sends one delivery and says what happened; never throws for a failure of the receiver. */
    Outcome send(Map<String, Object> settings, Delivery delivery);

    /**
     * Sends a plain-text email of Mokadesk's own (a confirmation to a customer, say) through this channel's
     * mail server, for channels that have one; {@code deliveryId} is the outbox row, stable across retries.
     * Never throws for a failure of the server.
     */
    default Outcome sendMail(Map<String, Object> settings, OutboundMail mail, UUID deliveryId) {
        return Outcome.failed(type() + " channels do not send email");
    }

    /** How the channel is now, e.g. after a failed login; {@link Health#OK} when nothing is wrong. */
    Health health(Map<String, Object> settings);

    /**
     * How one stored channel is, for the scheduled health check: by default the answer of
     * {@link #health(Map)}; adapters whose state comes from their own background work (a feed's last poll)
     * answer from that instead, so the check never clears an error the work found.
     */
    default Health health(UUID channelId, Map<String, Object> settings) {
        return health(settings);
    }

    /**
     * Which of the workspace's channels of this type a reply leaves by (e.g. the mailbox its thread came in
     * through); empty means the first enabled channel of the type. Called inside the reply's transaction.
     */
    default Optional<UUID> replyChannel(ReplySent reply) {
        return Optional.empty();
    }

    /**
     * One reply to send. {@code payload} is the reply JSON ({@code event}, {@code workspaceId},
     * {@code conversationId}, {@code messageId}, {@code threadKey}, {@code inReplyTo}, {@code author},
     * {@code text}, {@code createdAt}) for every channel type; {@code target} is the channel's
     * {@code webhookUrl} setting when it has one, else empty. {@code deliveryId} is the outbox row (equal
     * to {@code messageId} for replies) and {@code attempt} counts from 1, so a receiver can tell a retry.
     */
    record Delivery(UUID workspaceId, UUID messageId, String target, String payload, UUID deliveryId, int attempt) {

        public Delivery(UUID workspaceId, UUID messageId, String target, String payload) {
            this(workspaceId, messageId, target, payload, messageId, 1);
        }
    }

    /** What became of one delivery. {@code reason} is null only for {@link Kind#SENT}. */
    record Outcome(Kind kind, String reason) {
        public enum Kind {
            /** The receiver accepted it. */
            SENT,
            /** It will never succeed as it is (bad address, refused target). */
            FAILED,
            /** It may succeed later (timeout, 5xx). */
            RETRY,
            /** It may or may not have arrived (the connection broke after sending); never resent blindly. */
            UNCERTAIN,
            /**
             * It cannot leave until the channel is fixed (e.g. its token expired): kept queued without spending
             * an attempt, and sent as soon as the channel is healthy again.
             */
            HELD
        }

        public static Outcome sent() {
            return new Outcome(Kind.SENT, null);
        }

        public static Outcome failed(String reason) {
            return new Outcome(Kind.FAILED, reason);
        }

        public static Outcome retry(String reason) {
            return new Outcome(Kind.RETRY, reason);
        }

        public static Outcome uncertain(String reason) {
            return new Outcome(Kind.UNCERTAIN, reason);
        }

        public static Outcome held(String reason) {
            return new Outcome(Kind.HELD, reason);
        }
    }

    /** A channel's health as shown on the channels page: {@code ok}, {@code warning} or {@code error}. */
    record Health(String status, String message) {
        public static final Health OK = new Health("ok", null);

        public static Health warning(String message) {
            return new Health("warning", message);
        }

        public static Health error(String message) {
            return new Health("error", message);
        }
    }
}
