package fi.mokadesk.reply;

import java.util.List;

/**
 * Checks reply drafts. Thread-safe and cheap to call on every keystroke (debounced): all patterns are
 * compiled once per instance, a check allocates only its findings.
 */
public final class ReplyCoach {
    private final Checker checker;

    public ReplyCoach(CoachSettings settings) {
        this.checker = new Checker(settings);
    }

    /** The coach with every rule on. */
    public static ReplyCoach withDefaults() {
        return new ReplyCoach(CoachSettings.defaults());
    }

    /**
     * Findings for one draft, ordered by position (absence rules first).
     *
     * @param text the reply draft
     * @param isPublic whether the reply will be visible to everyone (a public comment or post)
     * @param customerMessage the message being answered, or {@code null} when unknown; it decides whether
     *     an apology is due and whether a remedy is expected
     */
    public List<Finding> check(String text, boolean isPublic, String customerMessage) {
        return checker.check(text == null ? "" : text, isPublic, customerMessage);
    }
}
