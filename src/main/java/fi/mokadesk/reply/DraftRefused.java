package fi.mokadesk.reply;

import fi.mokadesk.conversation.ReplyRefused;
import java.util.Map;

/**
 * The workflow will not do this now, for a reason the person can act on (HTTP 409): review missing,
 * blocking coach findings, or the conversation changed since the draft was started. {@code details} tells
 * what exactly (the reasons, the rules, what changed). The same refusal as a direct reply gets.
 */
class DraftRefused extends ReplyRefused {

    DraftRefused(String code, String message, Map<String, Object> details) {
        super(code, message, details);
    }
}
