package fi.mokadesk.conversation;

/** What a conversation is about, as analysis or an agent labelled it. Stored and shown by its code. */
public enum Category {
    PRODUCT,
    SERVICE,
    DELIVERY,
    BILLING,
    INSTRUCTIONS,
    USER_ERROR,
    PRAISE,
    QUESTION,
    OTHER;

    public String code() {
        return Codes.code(this);
    }

    public static Category of(String code, String field) {
        return Codes.of(Category.class, code, field);
    }
}
