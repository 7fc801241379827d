package fi.mokadesk.listening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The team's labelled sentences ({@code training/listening/labelled.jsonl}) scored against the rules in
 * {@code training/listening/rules.json}: a found match counts only when its rule, start and end are
 * exactly the labelled span.
 */
final class LabelledSet {
    static final Path RULES = Path.of("training/listening/rules.json");
    static final Path SENTENCES = Path.of("training/listening/labelled.jsonl");

    record Score(
            String split,
            int sentences,
            int truePositives,
            int falsePositives,
            int falseNegatives,
            List<String> errors) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }

        @Override
        public String toString() {
            return String.format(
                    "%s: %d sentences, precision %.3f (%d/%d), recall %.3f (%d/%d)",
                    split,
                    sentences,
                    precision(),
                    truePositives,
                    truePositives + falsePositives,
                    recall(),
                    truePositives,
                    truePositives + falseNegatives);
        }
    }

    static KeywordMatcher matcher() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        return KeywordMatcher.of(MatchCommand.readRules(json, Files.readString(RULES, StandardCharsets.UTF_8)));
    }

    static Score score(String split) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        KeywordMatcher matcher = matcher();
        int sentences = 0;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        List<String> errors = new ArrayList<>();
        for (String line : Files.readAllLines(SENTENCES, StandardCharsets.UTF_8)) {
            JsonNode row = json.readTree(line);
            if (!row.get("split").asString().equals(split)) {
                continue;
            }
            sentences++;
            String text = row.get("text").asString();
            Set<String> expected = new HashSet<>();
            for (JsonNode e : row.get("expected")) {
                expected.add(e.get("rule").asString() + "@" + e.get("start").asInt() + "-"
                        + e.get("end").asInt());
            }
            Set<String> found = new HashSet<>();
            for (Match m : matcher.match(text)) {
                found.add(m.rule() + "@" + m.start() + "-" + m.end());
            }
            for (String f : found) {
                if (expected.contains(f)) {
                    tp++;
                } else {
                    fp++;
                    errors.add("false match " + f + " " + span(text, f) + " in: " + text);
                }
            }
            for (String e : expected) {
                if (!found.contains(e)) {
                    fn++;
                    errors.add("missed " + e + " " + span(text, e) + " in: " + text);
                }
            }
        }
        return new Score(split, sentences, tp, fp, fn, errors);
    }

    private static String span(String text, String key) {
        String[] range = key.substring(key.indexOf('@') + 1).split("-");
        return "\"" + text.substring(Integer.parseInt(range[0]), Integer.parseInt(range[1])) + "\"";
    }
}
