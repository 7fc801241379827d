package fi.mokadesk.conversation;

/**
 * The desk cannot take this right now (HTTP 503 with {@code Retry-After}). Retrying is safe with the same
 * {@code externalId}: a message that was stored after all is then answered as a re-delivery, never stored
 * twice.
 */
public class TryAgainLater extends RuntimeException {

    private final int retryAfterSeconds;

    public TryAgainLater(String message) {
        this(message, 1);
    }

    public TryAgainLater(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public TryAgainLater(String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
