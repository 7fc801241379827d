package fi.mokadesk.conversation;

import fi.mokadesk.kernel.InvalidInput;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reading the lowercase codes the API, the database and the inbox filters use for the conversation types. */
final class Codes {

    private Codes() {}

    /** The constant whose lowercase name is {@code code} (case and spaces ignored), or a 400 naming the field. */
    static <E extends Enum<E>> E of(Class<E> type, String code, String field) {
        String clean = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (code(value).equals(clean)) return value;
        }
        throw new InvalidInput(
                field,
                "must be one of "
                        + Arrays.stream(type.getEnumConstants())
                                .map(Codes::code)
                                .sorted()
                                .collect(Collectors.joining(", ")));
    }

    static String code(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
