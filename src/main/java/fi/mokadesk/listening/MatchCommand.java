package fi.mokadesk.listening;

import fi.mokadesk.jsonl.JsonLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code match --rules rules.json --input texts.jsonl --output matches.jsonl}: finds the mentions of
 * keyword rules in one JSON text per line ({@code {"id": ..., "text": ...}}) and writes one result per
 * line in the same order ({@code {"id": ..., "matches": [{"rule", "start", "end", "term"}]}}). A line
 * that cannot be read gets an {@code error} field instead and the rest continue; the exit code is 2
 * for wrong arguments and 1 when the rules are invalid or a file cannot be read or written.
 */
public final class MatchCommand {
    private static final String USAGE = "usage: match --rules rules.json --input texts.jsonl --output matches.jsonl";

    private MatchCommand() {}

    public static int run(String[] args) {
        Map<String, Path> paths = JsonLines.arguments(args, USAGE, System.err, "--rules", "--input", "--output");
        if (paths == null) return 2;
        Path rulesFile = paths.get("--rules");
        Path input = paths.get("--input");
        if (!JsonLines.readable(System.err, rulesFile, input)) return 1;
        JsonMapper json = JsonMapper.builder().build();
        KeywordMatcher matcher;
        try {
            matcher = KeywordMatcher.of(readRules(json, Files.readString(rulesFile, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            System.err.println("cannot read " + rulesFile + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("invalid rules in " + rulesFile + ": " + e.getMessage());
            return 1;
        }
        try {
            match(matcher, json, input, paths.get("--output"));
            return 0;
        } catch (IOException | JacksonException e) {
            System.err.println("match failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Reads {@code [{"id", "terms": [...], "exclude": [...], "foldDiacritics", "excludeScope"}]}.
     *
     * @throws IllegalArgumentException saying which rule and field is wrong
     */
    static List<KeywordRule> readRules(JsonMapper json, String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of rules");
        }
        List<KeywordRule> rules = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            String where = "rule " + (i + 1);
            if (!r.isObject()) {
                throw new IllegalArgumentException(where + " is not an object");
            }
            JsonNode id = r.get("id");
            if (id == null
                    || !(id.isString() || id.isIntegralNumber())
                    || id.asString().isBlank()) {
                throw new IllegalArgumentException(where + " needs an \"id\" (a string)");
            }
            where = "rule " + id.asString();
            List<String> terms = strings(r.get("terms"), where, "terms");
            if (terms.isEmpty()) {
                throw new IllegalArgumentException(where + ": \"terms\" must list at least one term");
            }
            JsonNode exclude = r.get("exclude");
            List<String> excluded =
                    exclude == null || exclude.isNull() ? List.of() : strings(exclude, where, "exclude");
            JsonNode fold = r.get("foldDiacritics");
            if (fold != null && !fold.isNull() && !fold.isBoolean()) {
                throw new IllegalArgumentException(where + ": \"foldDiacritics\" must be true or false");
            }
            JsonNode scope = r.get("excludeScope");
            KeywordRule.ExcludeScope excludeScope = KeywordRule.ExcludeScope.OVERLAP;
            if (scope != null && !scope.isNull()) {
                String s = scope.isString() ? scope.asString().toUpperCase(Locale.ROOT) : "";
                if (!s.equals("OVERLAP") && !s.equals("TEXT")) {
                    throw new IllegalArgumentException(where + ": \"excludeScope\" must be \"overlap\" or \"text\"");
                }
                excludeScope = KeywordRule.ExcludeScope.valueOf(s);
            }
            rules.add(new KeywordRule(
                    id.asString(), terms, excluded, fold != null && fold.asBoolean(false), excludeScope));
        }
        return rules;
    }

    private static List<String> strings(JsonNode node, String where, String field) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isString() || n.asString().isBlank()) {
                throw new IllegalArgumentException(where + ": \"" + field + "\" must contain only non-empty strings");
            }
            out.add(n.asString());
        }
        return out;
    }

    static void match(KeywordMatcher matcher, JsonMapper json, Path input, Path output) throws IOException {
        JsonLines.transform(json, input, output, line -> matchLine(matcher, json, line));
    }

    static Map<String, Object> matchLine(KeywordMatcher matcher, JsonMapper json, String line) {
        return JsonLines.answer(json, line, false, (node, r) -> {
            String text = JsonLines.string(node, "text");
            if (text == null) {
                r.put("error", "missing text");
                return;
            }
            List<Map<String, Object>> matches = new ArrayList<>();
            for (Match m : matcher.match(text)) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("rule", m.rule());
                o.put("start", m.start());
                o.put("end", m.end());
                o.put("term", m.term());
                matches.add(o);
            }
            r.put("matches", matches);
        });
    }
}
