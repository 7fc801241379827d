package fi.mokadesk.reply;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A workspace's coach settings: rules turned off, and extra forbidden phrases filed under the rule they
 * should be reported as (for example a competitor's slogan under {@code sarcasm}). Phrases match
 * case-insensitively at a word start, so "oma vika" also finds "oma vikasi". Absence rules take no
 * phrases: a phrase cannot make something missing.
 */
public record CoachSettings(Set<CoachRule> disabledRules, Map<CoachRule, List<String>> extraPhrases) {

    public CoachSettings {
        disabledRules = Set.copyOf(disabledRules);
        extraPhrases = Map.copyOf(extraPhrases);
        for (Map.Entry<CoachRule, List<String>> e : extraPhrases.entrySet()) {
            if (e.getKey().absence()) {
                throw new IllegalArgumentException("extra phrases cannot be filed under the absence rule "
                        + e.getKey().id());
            }
            for (String p : e.getValue()) {
                if (p == null || p.isBlank()) {
                    throw new IllegalArgumentException(
                            "blank extra phrase for " + e.getKey().id());
                }
            }
        }
    }

    /** Every rule on, no extra phrases. */
    public static CoachSettings defaults() {
        return new CoachSettings(Set.of(), Map.of());
    }

    public boolean enabled(CoachRule rule) {
        return !disabledRules.contains(rule);
    }
}
