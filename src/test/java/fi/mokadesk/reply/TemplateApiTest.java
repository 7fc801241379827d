package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Reply templates: the starter set, the team's own, and a preview filled for one conversation. */
class TemplateApiTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Test
    void aWorkspaceStartsWithTheStarterSetInBothLanguages() {
        TestWorkspace ws = workspaces.create("Mallit Oy");
        Api agent = api(ws.agentToken());
        JsonNode all = agent.get("/api/v1/templates").json();
        assertThat(all).hasSize(12);
        JsonNode finnish = agent.get("/api/v1/templates?language=fi").json();
        assertThat(finnish).hasSize(6);
        assertThat(finnish.toString()).contains("Pitoviesti", "Siirrä yksityisviestiin", "Yllätyshyvitys");
        // Looking again does not plant them twice.
        assertThat(agent.get("/api/v1/templates").json()).hasSize(12);
        assertThat(agent.get("/api/v1/templates?language=sv").status()).isEqualTo(400);
    }

    @Test
    void leadsManageTemplatesAndAgentsUseThem() {
        TestWorkspace ws = workspaces.create("Mallit 2 Oy");
        Api agent = api(ws.agentToken());
        Api admin = api(ws.adminToken());
        Map<String, String> body = Map.of(
                "name", "Kiitos kehuista", "language", "fi", "body", "Kiitos {{customer_first_name}}! {{agent_name}}");
        assertThat(agent.postJson("/api/v1/templates", body).status()).isEqualTo(403);
        Api.Response created = admin.postJson("/api/v1/templates", body);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(admin.postJson("/api/v1/templates", body).status()).isEqualTo(400);

        String conversation = ReplyDesk.conversation(agent, "tpl-1", "Ihana kahvila!", false);
        JsonNode preview = agent.postJson(
                        "/api/v1/templates/" + id + "/preview", Map.of("conversationId", conversation))
                .json();
        assertThat(preview.get("text").asString()).isEqualTo("Kiitos Kalle! agent token");
        assertThat(preview.get("unfilled")).isEmpty();

        JsonNode changed = admin.putJson(
                        "/api/v1/templates/" + id, Map.of("body", "Tilaus {{order_number}} on matkalla."))
                .json();
        assertThat(changed.get("name").asString()).isEqualTo("Kiitos kehuista");
        JsonNode unfilled =
                agent.postJson("/api/v1/templates/" + id + "/preview", Map.of()).json();
        assertThat(unfilled.get("unfilled").get(0).asString()).isEqualTo("order_number");
        JsonNode filled = agent.postJson(
                        "/api/v1/templates/" + id + "/preview", Map.of("variables", Map.of("order_number", "A-77")))
                .json();
        assertThat(filled.get("text").asString()).isEqualTo("Tilaus A-77 on matkalla.");
        Api.Response unknownVariable =
                agent.postJson("/api/v1/templates/" + id + "/preview", Map.of("variables", Map.of("password", "x")));
        assertThat(unknownVariable.status()).isEqualTo(400);
        assertThat(unknownVariable.json().get("field").asString()).isEqualTo("variables");

        assertThat(admin.postJson("/api/v1/templates", Map.of("name", "x", "language", "fi", "body", " "))
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("body");
        assertThat(admin.post("/api/v1/templates", "[]").status()).isEqualTo(400);

        assertThat(delete(ws.agentToken(), "/api/v1/templates/" + id)).isEqualTo(403);
        assertThat(delete(ws.adminToken(), "/api/v1/templates/" + id)).isEqualTo(204);
        assertThat(agent.get("/api/v1/templates/" + id).status()).isEqualTo(404);
    }

    private int delete(String token, String path) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                                    .header("Authorization", "Bearer " + token)
                                    .DELETE()
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
