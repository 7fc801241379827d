package fi.mokadesk.reply;

import java.util.Locale;

/** Why a draft needs a second person's approval before it may be sent. */
enum ReviewReason {
    /** A public reply in a thread that is negative or abusive: everyone reads it (002 §5). */
    PUBLIC_NEGATIVE("a public reply in a negative or abusive thread needs a lead's approval"),
    /** The author is marked "in training" in this workspace. */
    IN_TRAINING("replies by people in training need a lead's approval"),
    /** The conversation belongs to an open incident (extension point: see {@link ReviewSignals}). */
    OPEN_INCIDENT("replies in an open incident need a lead's approval"),
    /** The reply offers compensation above the author's limit (extension point: see {@link ReviewSignals}). */
    COMPENSATION("compensation above the author's limit needs a lead's approval");

    private final String explanation;

    ReviewReason(String explanation) {
        this.explanation = explanation;
    }

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    String explanation() {
        return explanation;
    }

    static ReviewReason of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
