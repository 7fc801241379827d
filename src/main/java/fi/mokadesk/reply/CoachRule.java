package fi.mokadesk.reply;

/** The coach's rules; {@link #id()} is the stable name used in files, APIs and settings. */
public enum CoachRule {
    NO_ACKNOWLEDGEMENT("no_acknowledgement", true),
    NO_APOLOGY("no_apology", true),
    BLAMES_CUSTOMER("blames_customer", false),
    SARCASM("sarcasm", false),
    ARGUING("arguing", false),
    NO_SOLUTION("no_solution", true),
    PERSONAL_DATA_PUBLIC("personal_data_public", false),
    ASKS_PERSONAL_DATA_PUBLIC("asks_personal_data_public", false),
    SHOUTING("shouting", false);

    private final String id;
    private final boolean absence;

    CoachRule(String id, boolean absence) {
        this.id = id;
        this.absence = absence;
    }

    public String id() {
        return id;
    }

    /**
     * An absence rule fires when something the guides ask for is missing; its finding has no span of
     * its own and is reported at 0..0.
     */
    public boolean absence() {
        return absence;
    }

    /** Only a rule that must never apply to a private reply; these block a public one. */
    public boolean publicOnly() {
        return this == PERSONAL_DATA_PUBLIC || this == ASKS_PERSONAL_DATA_PUBLIC;
    }

    public static CoachRule byId(String id) {
        for (CoachRule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown coach rule " + id);
    }
}
