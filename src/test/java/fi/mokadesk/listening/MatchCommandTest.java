package fi.mokadesk.listening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MatchCommandTest {
    @TempDir
    Path dir;

    private final JsonMapper json = JsonMapper.builder().build();

    private Path rules(String content) throws Exception {
        Path p = dir.resolve("rules.json");
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private int run(Path rules, Path in, Path out) {
        return MatchCommand.run(
                new String[] {"--rules", rules.toString(), "--input", in.toString(), "--output", out.toString()});
    }

    @Test
    void writesOneResultPerLineInOrderAndReportsMalformedLines() throws Exception {
        Path rules = rules("""
                [{"id": "aroma", "terms": ["Kahvila Aroma", "Aroma"], "exclude": ["aromaterapia"]},
                 {"id": "hsl", "terms": ["HSL"], "exclude": []}]
                """);
        Path in = dir.resolve("texts.jsonl");
        Path out = dir.resolve("matches.jsonl");
        Files.writeString(
                in,
                String.join(
                                "\n",
                                "{\"id\": \"t1\", \"text\": \"😍 Kävin Kahvila Aromassa ja soitin HSL:ään\"}",
                                "{\"id\": \"t2\", \"text\": ",
                                "{\"id\": \"t3\", \"text\": \"aromaterapia rentouttaa\"}",
                                "",
                                "{\"id\": 4}",
                                "[1]",
                                "{\"id\": \"t7\", \"text\": \"Aroman pulla\"}")
                        + "\n",
                StandardCharsets.UTF_8);

        assertThat(run(rules, in, out)).isZero();

        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(7);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("id").asString()).isEqualTo("t1");
        String text = "😍 Kävin Kahvila Aromassa ja soitin HSL:ään";
        JsonNode m0 = first.get("matches").get(0);
        assertThat(m0.get("rule").asString()).isEqualTo("aroma");
        assertThat(m0.get("term").asString()).isEqualTo("Kahvila Aroma");
        assertThat(text.substring(m0.get("start").asInt(), m0.get("end").asInt()))
                .isEqualTo("Kahvila Aromassa");
        JsonNode m1 = first.get("matches").get(1);
        assertThat(m1.get("rule").asString()).isEqualTo("hsl");
        assertThat(text.substring(m1.get("start").asInt(), m1.get("end").asInt()))
                .isEqualTo("HSL:ään");

        JsonNode broken = json.readTree(lines.get(1));
        assertThat(broken.get("id").asString()).isEqualTo("t2");
        assertThat(broken.get("error").asString()).isEqualTo("malformed JSON");
        JsonNode none = json.readTree(lines.get(2));
        assertThat(none.get("id").asString()).isEqualTo("t3");
        assertThat(none.get("matches").isEmpty()).isTrue();
        assertThat(json.readTree(lines.get(3)).has("error")).isTrue();
        JsonNode missing = json.readTree(lines.get(4));
        assertThat(missing.get("id").asInt()).isEqualTo(4);
        assertThat(missing.get("error").asString()).isEqualTo("missing text");
        assertThat(json.readTree(lines.get(5)).get("error").asString()).isEqualTo("not a JSON object");
        JsonNode last = json.readTree(lines.get(6));
        assertThat(last.get("id").asString()).isEqualTo("t7");
        assertThat(last.get("matches").get(0).get("end").asInt()).isEqualTo(6);
    }

    @Test
    void badRulesFileIsRefusedWithAReason() throws Exception {
        Path in = dir.resolve("texts.jsonl");
        Files.writeString(in, "{\"id\": \"1\", \"text\": \"Aroma\"}\n");
        Path out = dir.resolve("out.jsonl");
        for (String bad : List.of(
                "not json",
                "{\"id\": \"a\"}",
                "[{\"terms\": [\"Aroma\"]}]",
                "[{\"id\": \"a\", \"terms\": []}]",
                "[{\"id\": \"a\", \"terms\": \"Aroma\"}]",
                "[{\"id\": \"a\", \"terms\": [\"!!!\"]}]",
                "[{\"id\": \"a\", \"terms\": [\"Aroma\"], \"foldDiacritics\": \"yes\"}]",
                "[{\"id\": \"a\", \"terms\": [\"Aroma\"], \"excludeScope\": \"everywhere\"}]",
                "[{\"id\": \"a\", \"terms\": [\"Aroma\"]}, {\"id\": \"a\", \"terms\": [\"B\"]}]")) {
            assertThat(run(rules(bad), in, out)).as(bad).isEqualTo(1);
        }
        assertThatReasonNamesTheRule(in, out);
    }

    private void assertThatReasonNamesTheRule(Path in, Path out) throws Exception {
        var err = new java.io.ByteArrayOutputStream();
        var previous = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            run(rules("[{\"id\": \"kahvila\", \"terms\": [\"Aroma\", 5]}]"), in, out);
        } finally {
            System.setErr(previous);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("rule kahvila")
                .contains("terms");
    }

    @Test
    void badArgumentsAndUnreadableFiles() throws Exception {
        assertThat(MatchCommand.run(new String[] {})).isEqualTo(2);
        assertThat(MatchCommand.run(new String[] {"--rules", "r.json", "--input", "x"}))
                .isEqualTo(2);
        assertThat(MatchCommand.run(new String[] {"--bogus"})).isEqualTo(2);
        Path rules = rules("[{\"id\": \"a\", \"terms\": [\"Aroma\"]}]");
        assertThat(run(rules, dir.resolve("missing.jsonl"), dir.resolve("o.jsonl")))
                .isEqualTo(1);
        assertThat(run(dir.resolve("missing.json"), rules, dir.resolve("o.jsonl")))
                .isEqualTo(1);
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "{\"id\":\"1\",\"text\":\"hei\"}\n");
        assertThat(run(rules, in, dir.resolve("no-such-dir").resolve("out.jsonl")))
                .isEqualTo(1);
    }

    @Test
    void scoresTheLabelledSetThroughTheCommand() throws Exception {
        // the documented way to reproduce the figures uses the same contract as external callers
        Path in = dir.resolve("labelled.jsonl");
        Files.copy(LabelledSet.SENTENCES, in);
        Path out = dir.resolve("out.jsonl");
        assertThat(run(LabelledSet.RULES, in, out)).isZero();
        assertThat(Files.readAllLines(out)).hasSameSizeAs(Files.readAllLines(in));
    }
}
