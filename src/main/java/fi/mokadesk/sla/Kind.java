package fi.mokadesk.sla;

import java.util.Locale;

/** The three timers of an SLA. */
enum Kind {
    /** From the first customer message until the first reply. */
    FIRST_RESPONSE,
    /** From a customer message that waits for an answer until the next reply. */
    NEXT_RESPONSE,
    /** From the start (or a reopening) until the conversation is resolved. */
    RESOLUTION;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Kind of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
