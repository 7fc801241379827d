package fi.mokadesk.workspace;

/** Input that breaks a rule, naming the field (HTTP 400). */
public class InvalidInput extends RuntimeException {
    private final String field;

    public InvalidInput(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
