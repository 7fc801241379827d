package fi.mokadesk.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ClassifyCommandTest {
    @TempDir
    Path dir;

    @Test
    void classifiesEveryLineAndReportsMalformedOnes() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Path out = dir.resolve("out.jsonl");
        Files.writeString(
                in,
                String.join(
                                "\n",
                                "{\"id\": \"a1\", \"text\": \"Paketti on myöhässä jo viikon!\", \"channel\": \"email\"}",
                                "{\"id\": \"a2\", \"text\": ",
                                "",
                                "{\"id\": 7}",
                                "[1, 2]",
                                "{\"id\": \"a5\", \"text\": \"Thanks a lot, great service\"}")
                        + "\n",
                StandardCharsets.UTF_8);

        int code = ClassifyCommand.run(new String[] {"--input", in.toString(), "--output", out.toString()});

        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(6);
        JsonMapper json = JsonMapper.builder().build();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("id").asString()).isEqualTo("a1");
        assertThat(first.get("language").asString()).isEqualTo("fi");
        assertThat(first.get("sentiment").asString()).isIn("negative", "neutral", "positive");
        assertThat(first.get("sentimentScores").has("negative")).isTrue();
        assertThat(first.get("toxicity").has("identity_attack")).isTrue();
        assertThat(first.get("abusive").isBoolean()).isTrue();
        assertThat(first.get("category").isString()).isTrue();
        assertThat(first.has("error")).isFalse();

        JsonNode broken = json.readTree(lines.get(1));
        assertThat(broken.has("error")).isTrue();
        assertThat(broken.get("id").asString()).isEqualTo("a2");
        assertThat(json.readTree(lines.get(2)).has("error")).isTrue();
        JsonNode missingText = json.readTree(lines.get(3));
        assertThat(missingText.get("error").asString()).isEqualTo("missing text");
        assertThat(missingText.get("id").asInt()).isEqualTo(7);
        assertThat(json.readTree(lines.get(4)).has("error")).isTrue();
        assertThat(json.readTree(lines.get(5)).get("id").asString()).isEqualTo("a5");
    }

    @Test
    void badArgumentsAndUnreadableInput() {
        assertThat(ClassifyCommand.run(new String[] {})).isEqualTo(2);
        assertThat(ClassifyCommand.run(new String[] {"--input", "x"})).isEqualTo(2);
        assertThat(ClassifyCommand.run(new String[] {"--bogus"})).isEqualTo(2);
        assertThat(ClassifyCommand.run(new String[] {
                    "--input",
                    dir.resolve("missing.jsonl").toString(),
                    "--output",
                    dir.resolve("o.jsonl").toString()
                }))
                .isEqualTo(1);
    }

    @Test
    void unwritableOutputFails() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "{\"id\":\"1\",\"text\":\"hei\"}\n");
        Path out = dir.resolve("no-such-dir").resolve("out.jsonl");
        assertThat(ClassifyCommand.run(new String[] {"--input", in.toString(), "--output", out.toString()}))
                .isEqualTo(1);
    }
}
