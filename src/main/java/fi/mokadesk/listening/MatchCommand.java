package fi.mokadesk.listening;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern ID_FIELD = Pattern.compile("\"id\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))");

    private MatchCommand() {}

    public static int run(String[] args) {
        Map<String, Path> paths = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--rules") || a.equals("--input") || a.equals("--output")) && i + 1 < args.length) {
                paths.put(a, Path.of(args[++i]));
            } else {
                System.err.println("unexpected argument " + a + "\n" + USAGE);
                return 2;
            }
        }
        if (paths.size() != 3) {
            System.err.println(USAGE);
            return 2;
        }
        Path rulesFile = paths.get("--rules");
        Path input = paths.get("--input");
        for (Path p : List.of(rulesFile, input)) {
            if (!Files.isReadable(p)) {
                System.err.println("cannot read " + p);
                return 1;
            }
        }
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
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(json.writeValueAsString(matchLine(matcher, json, line)));
                out.write('\n');
            }
        }
    }

    static Map<String, Object> matchLine(KeywordMatcher matcher, JsonMapper json, String line) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (line.isBlank()) {
            r.put("error", "blank line");
            return r;
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JacksonException e) {
            // keep the id when it can be read, so the error can be traced to its text
            Matcher m = ID_FIELD.matcher(line);
            if (m.find()) {
                r.put("id", m.group(1) != null ? m.group(1) : m.group(2));
            }
            r.put("error", "malformed JSON");
            return r;
        }
        if (node == null || !node.isObject()) {
            r.put("error", "not a JSON object");
            return r;
        }
        JsonNode id = node.get("id");
        if (id != null && !id.isNull()) {
            r.put("id", id);
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isString()) {
            r.put("error", "missing text");
            return r;
        }
        List<Map<String, Object>> matches = new ArrayList<>();
        for (Match m : matcher.match(text.asString())) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("rule", m.rule());
            o.put("start", m.start());
            o.put("end", m.end());
            o.put("term", m.term());
            matches.add(o);
        }
        r.put("matches", matches);
        return r;
    }
}
