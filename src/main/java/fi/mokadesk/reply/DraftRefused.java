package fi.mokadesk.reply;

import java.util.Map;

/**
 * The workflow will not do this now, for a reason the person can act on (HTTP 409): review missing,
 * blocking coach findings, or the conversation changed since the draft was started. {@code details} tells
 * what exactly (the reasons, the rules, what changed).
 */
class DraftRefused extends RuntimeException {
    private final String code;
    private final Map<String, Object> details;

    DraftRefused(String code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    String code() {
        return code;
    }

    Map<String, Object> details() {
        return details;
    }
}
