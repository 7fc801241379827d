package fi.mokadesk.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/** JSON lines on its own: a line that cannot be read is answered with its error, the id kept. */
@ApplicationModuleTest(extraIncludes = "database")
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class JsonLinesModuleTest {

    @Test
    void aGoodLineIsAnsweredAndABrokenOneGetsItsError() {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Object> good = JsonLines.answer(
                json,
                "{\"id\":\"1\",\"text\":\"hei\"}",
                true,
                (node, answer) ->
                        answer.put("length", JsonLines.string(node, "text").length()));
        assertThat(good).containsEntry("length", 3);
        assertThat(String.valueOf(good.get("id"))).contains("1");
        assertThat(JsonLines.answer(json, "{\"id\":", true, (node, answer) -> {}))
                .containsKey("error");
    }
}
