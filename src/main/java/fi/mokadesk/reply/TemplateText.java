package fi.mokadesk.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template variables: {@code {{customer_first_name}}}, {@code {{order_number}}}, {@code {{agent_name}}} and
 * {@code {{link}}}. A variable without a value stays in the text as it is, so the author sees it, and the
 * draft reports it as an unfilled variable until it is filled: a reply never reaches a customer with
 * "{{order_number}}" in it.
 */
final class TemplateText {

    static final List<String> VARIABLES = List.of("customer_first_name", "order_number", "agent_name", "link");

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

    private TemplateText() {}

    static String render(String body, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(body);
        StringBuilder out = new StringBuilder(body.length() + 32);
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(
                    out, Matcher.quoteReplacement(value == null || value.isBlank() ? m.group() : value.strip()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The variables still waiting for a value, with their positions. */
    static List<int[]> unfilled(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        return spans;
    }

    /** The first name of a contact's display name ("Kalle Kuluttaja" → "Kalle"); null when unknown. */
    static String firstName(String displayName) {
        if (displayName == null || displayName.isBlank()) return null;
        String first = displayName.strip().split("\\s+")[0];
        return first.startsWith("@") || first.contains("@") ? null : first;
    }
}
