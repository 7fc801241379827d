package fi.mokadesk.kernel;

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

    /** {@code value} when it lies in [min, max]; otherwise a 400 that names the field and the range. */
    public static int requireBetween(String field, int value, int min, int max) {
        if (value < min || value > max) throw new InvalidInput(field, "must be between " + min + " and " + max);
        return value;
    }
}
