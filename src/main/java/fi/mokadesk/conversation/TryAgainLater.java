package fi.mokadesk.conversation;

/** The desk cannot take more right now (HTTP 503); nothing was stored and retrying is safe. */
public class TryAgainLater extends RuntimeException {
    public TryAgainLater(String message) {
        super(message);
    }
}
