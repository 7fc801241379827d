package fi.mokadesk.conversation;

/** The tone of a conversation's latest analysed customer message (from analysis, or an agent's correction). */
public enum Sentiment {
    NEGATIVE,
    NEUTRAL,
    POSITIVE;

    public String code() {
        return Codes.code(this);
    }

    public static Sentiment of(String code, String field) {
        return Codes.of(Sentiment.class, code, field);
    }
}
