package fi.mokadesk.conversation;

/**
 * A customer's value tier: key accounts get the tighter SLA targets their policy gives them. Leads and admins
 * mark a customer as a key account; stored and shown by its code.
 */
public enum CustomerTier {
    STANDARD,
    KEY;

    public String code() {
        return Codes.code(this);
    }

    public static CustomerTier of(String code, String field) {
        return Codes.of(CustomerTier.class, code, field);
    }
}
