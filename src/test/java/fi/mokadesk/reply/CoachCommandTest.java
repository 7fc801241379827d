package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CoachCommandTest {
    @TempDir
    Path dir;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void checksEveryLineInOrderAndReportsBrokenOnes() throws Exception {
        Path in = dir.resolve("replies.jsonl");
        Path out = dir.resolve("findings.jsonl");
        Files.writeString(
                in,
                String.join(
                                "\n",
                                "{\"id\": \"r1\", \"text\": \"Kerro puhelinnumerosi tähän, niin soitamme!\", \"public\": true}",
                                "{\"id\": \"r2\", \"text\": ",
                                "",
                                "{\"id\": 4, \"public\": true}",
                                "{\"id\": \"r5\", \"text\": \"hei\"}",
                                "[1, 2]",
                                "{\"id\": \"r7\", \"text\": \"Thanks Anna, sorry for the delay! We'll send a new one today.\","
                                        + " \"public\": true, \"customerMessage\": \"My parcel is late.\"}",
                                "{\"id\": \"r8\", \"text\": \"Kerro puhelinnumerosi tähän, niin soitamme!\", \"public\": false}",
                                "{\"id\": \"r9\", \"text\": \"ok\", \"public\": true, \"customerMessage\": 5}")
                        + "\n",
                StandardCharsets.UTF_8);

        int code = CoachCommand.run(new String[] {"--input", in.toString(), "--output", out.toString()});

        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(9);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("id").asString()).isEqualTo("r1");
        assertThat(rules(first)).contains("asks_personal_data_public", "no_acknowledgement");
        for (JsonNode f : first.get("findings")) {
            assertThat(f.get("severity").asString()).isIn("blocking", "warning");
            assertThat(f.get("start").asInt()).isBetween(0, 44);
            assertThat(f.get("end").asInt()).isBetween(f.get("start").asInt(), 44);
            assertThat(f.get("message").asString()).isNotBlank();
            if (f.get("rule").asString().equals("asks_personal_data_public")) {
                assertThat(f.get("severity").asString()).isEqualTo("blocking");
            }
        }
        JsonNode broken = json.readTree(lines.get(1));
        assertThat(broken.get("id").asString()).isEqualTo("r2");
        assertThat(broken.get("error").asString()).isEqualTo("malformed JSON");
        JsonNode blank = json.readTree(lines.get(2));
        assertThat(blank.get("id").isNull()).isTrue();
        assertThat(blank.has("error")).isTrue();
        assertThat(json.readTree(lines.get(3)).get("id").asInt()).isEqualTo(4);
        assertThat(json.readTree(lines.get(3)).get("error").asString()).contains("text");
        assertThat(json.readTree(lines.get(4)).get("error").asString()).contains("public");
        assertThat(json.readTree(lines.get(5)).get("id").isNull()).isTrue();
        assertThat(json.readTree(lines.get(5)).has("error")).isTrue();
        JsonNode good = json.readTree(lines.get(6));
        assertThat(good.get("id").asString()).isEqualTo("r7");
        assertThat(good.get("findings").isArray()).isTrue();
        assertThat(good.get("findings")).isEmpty();
        assertThat(rules(json.readTree(lines.get(7)))).doesNotContain("asks_personal_data_public");
        assertThat(json.readTree(lines.get(8)).get("error").asString()).contains("customerMessage");
    }

    @Test
    void badArgumentsAndUnreadableInput() {
        assertThat(CoachCommand.run(new String[] {})).isEqualTo(2);
        assertThat(CoachCommand.run(new String[] {"--input", "x"})).isEqualTo(2);
        assertThat(CoachCommand.run(new String[] {"--bogus"})).isEqualTo(2);
        assertThat(CoachCommand.run(new String[] {
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
        Files.writeString(in, "{\"id\":\"1\",\"text\":\"hei\",\"public\":true}\n");
        Path out = dir.resolve("no-such-dir").resolve("out.jsonl");
        assertThat(CoachCommand.run(new String[] {"--input", in.toString(), "--output", out.toString()}))
                .isEqualTo(1);
    }

    private static List<String> rules(JsonNode line) {
        List<String> r = new ArrayList<>();
        for (JsonNode f : line.get("findings")) {
            r.add(f.get("rule").asString());
        }
        return r;
    }
}
