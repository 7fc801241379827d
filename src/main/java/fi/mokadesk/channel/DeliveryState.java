package fi.mokadesk.channel;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where one outbox delivery is: {@code pending → sending → sent | failed | uncertain}. A passing failure
 * sends it back from {@code sending} to {@code pending} for a later attempt; {@code failed} and
 * {@code uncertain} go back to {@code pending} only when a person retries. {@code sent} is final. Every
 * change of a row's state goes through {@link #to}, so an illegal move is refused before any SQL runs.
 */
public enum DeliveryState {
    /** Waiting for its (next) attempt. */
    PENDING,
    /** Taken by a node that is sending it now (under a lease). */
    SENDING,
    /** The receiver accepted it. */
    SENT,
    /** It will not be sent again unless a person retries it (refused, or out of attempts). */
    FAILED,
    /** It may or may not have arrived (the connection broke, or the desk stopped mid-send); a person checks. */
    UNCERTAIN;

    /** The move to {@code next}, or {@link IllegalMove} when the state machine does not allow it. */
    public DeliveryState to(DeliveryState next) {
        if (!next().contains(next)) throw new IllegalMove(this, next);
        return next;
    }

    /** The states this one may move to. */
    public Set<DeliveryState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(SENDING);
            case SENDING -> EnumSet.of(SENT, FAILED, UNCERTAIN, PENDING);
            case FAILED, UNCERTAIN -> EnumSet.of(PENDING);
            case SENT -> EnumSet.noneOf(DeliveryState.class);
        };
    }

    /** Whether a person may send it again. */
    public boolean retryable() {
        return this == FAILED || this == UNCERTAIN;
    }

    /** The code stored and shown: {@code pending}, {@code sending}, {@code sent}, {@code failed}, {@code uncertain}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryState of(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no delivery state " + code));
    }

    /** A move the delivery state machine refuses (HTTP 409 with the reason). */
    public static class IllegalMove extends RuntimeException {
        private final DeliveryState from;
        private final DeliveryState to;

        IllegalMove(DeliveryState from, DeliveryState to) {
            super(
                    from == SENT
                            ? "the delivery was already sent"
                            : "a delivery that is " + from.code() + " cannot become " + to.code());
            this.from = from;
            this.to = to;
        }

        public DeliveryState from() {
            return from;
        }

        public DeliveryState to() {
            return to;
        }
    }
}
