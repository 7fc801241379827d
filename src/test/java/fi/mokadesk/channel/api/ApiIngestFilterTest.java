package fi.mokadesk.channel.api;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code POST /api/v1/messages} is answered by {@link ApiIngestFilter} without the dispatcher: the same answers,
 * the same error bodies, the same metrics name as through the mapping. (The ingest and bad-input suites run
 * through it too.)
 */
class ApiIngestFilterTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    private FormSession.Raw post(TestWorkspace ws, String target, byte[] body) {
        return FormSession.raw(
                port,
                "POST",
                target,
                Map.of("Authorization", "Bearer " + ws.agentToken(), "Content-Type", "application/json"),
                body);
    }

    @Test
    void storesAnswersAndNamesTheCallInTheMetricsAsTheMappingWould() {
        TestWorkspace ws = workspaces.create("Ohitus Oy");
        byte[] body = "{\"externalId\":\"f1\",\"text\":\"Hei, missä tilaukseni on?\"}".getBytes(StandardCharsets.UTF_8);

        FormSession.Raw created = post(ws, "/api/v1/messages", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body())
                .containsPattern("\\{\"messageId\":\"[0-9a-f-]{36}\",\"conversationId\":\"[0-9a-f-]{36}\"}");
        // the query string is no part of the path: the same call, answered as a re-delivery
        FormSession.Raw again = post(ws, "/api/v1/messages?lang=en", body);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(created.body());

        String metrics = api("test-bootstrap-token").get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"201\""
                        + "[^}]*uri=\"/api/v1/messages\"");
    }

    @Test
    void anEmptyOrBrokenBodyGetsTheApisErrorBody() {
        TestWorkspace ws = workspaces.create("Tyhjä Oy");
        FormSession.Raw empty = post(ws, "/api/v1/messages", new byte[0]);
        assertThat(empty.status()).as(empty.body()).isEqualTo(400);
        assertThat(empty.body()).contains("\"error\":\"invalid\"").contains("not valid JSON");

        FormSession.Raw broken = post(ws, "/api/v1/messages", "{\"text\":".getBytes(StandardCharsets.UTF_8));
        assertThat(broken.status()).as(broken.body()).isEqualTo(400);
        assertThat(broken.body()).contains("\"error\":\"invalid\"");

        FormSession.Raw noToken = FormSession.raw(
                port,
                "POST",
                "/api/v1/messages",
                Map.of("Content-Type", "application/json"),
                "{\"text\":\"hei\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(noToken.status()).isEqualTo(401);
    }

    @Test
    void otherMethodsAndPathsStillGoThroughTheDispatcher() {
        TestWorkspace ws = workspaces.create("Muut Oy");
        FormSession.Raw put = FormSession.raw(
                port,
                "PUT",
                "/api/v1/messages",
                Map.of("Authorization", "Bearer " + ws.agentToken(), "Content-Type", "application/json"),
                "{\"text\":\"hei\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(put.status()).as(put.body()).isEqualTo(405);
    }
}
