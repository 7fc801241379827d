package fi.mokadesk.conversation;

/** How soon a conversation needs an answer, set by agents. Stored and shown by its code. */
public enum Priority {
    LOW,
    NORMAL,
    HIGH,
    URGENT;

    public String code() {
        return Codes.code(this);
    }

    public static Priority of(String code, String field) {
        return Codes.of(Priority.class, code, field);
    }
}
