package fi.mokadesk.kernel;

/**
 * The one rule for text that reaches the database. PostgreSQL cannot store the NUL character, and a lone
 * UTF-16 surrogate (half of an emoji, say) has no UTF-8 form, so the driver would silently turn it into
 * {@code ?}: a key with one would then never match itself again. Keys and names are refused with a 400
 * naming the field; a customer's free text is repaired instead, so the message is never lost.
 */
public final class StorableText {

    private StorableText() {}

    /** Why {@code value} cannot be stored as it is, or null when it can. */
    public static String problem(CharSequence value) {
        if (value == null) return null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') return "contains a NUL character (U+0000), which cannot be stored";
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains a broken character (a lone UTF-16 surrogate)";
            }
            if (Character.isLowSurrogate(c)) return "contains a broken character (a lone UTF-16 surrogate)";
        }
        return null;
    }

    /** {@code value} unchanged, or a 400 naming {@code field} when it cannot be stored. */
    public static String require(String value, String field) {
        String problem = problem(value);
        if (problem != null) throw new InvalidInput(field, problem);
        return value;
    }

    /** Free text as sent, with NUL characters and lone surrogates replaced by U+FFFD. */
    public static String repair(String value) {
        if (value == null || problem(value) == null) return value;
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (c == '\u0000' || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
