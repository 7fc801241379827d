package fi.mokadesk.kernel;

/** The thing asked for does not exist in the current workspace (HTTP 404). */
public class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}
