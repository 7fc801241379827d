package fi.mokadesk.conversation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reply that may not be sent directly, for a reason the person can act on (HTTP 409): {@code code} is the
 * error ({@code review_required}, {@code blocking_findings}) and {@code details} the reasons or rules.
 */
public class ReplyRefused extends RuntimeException {
    private final String code;
    private final Map<String, Object> details;

    public ReplyRefused(String code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** The problem body: the error, the message and the details. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>(fi.mokadesk.kernel.ApiErrors.body(code, null, getMessage()));
        body.putAll(details);
        return body;
    }
}
