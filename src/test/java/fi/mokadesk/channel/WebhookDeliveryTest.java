package fi.mokadesk.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class WebhookDeliveryTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    WireMockServer receiver;
    TestWorkspace ws;
    Api admin;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        ws = workspaces.create("Webhook Oy");
        admin = api(ws.adminToken());
        Api.Response set = admin.postJson("/api/v1/workspace", Map.of());
        assertThat(set.status()).isEqualTo(405);
        Api.Response put =
                put(Map.of("name", "Webhook Oy", "outboundWebhookUrl", receiver.baseUrl() + "/hooks/mokadesk"));
        assertThat(put.status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    @Test
    void aReplyIsDeliveredSignedAndRetriedUntilTheReceiverAccepts() {
        receiver.stubFor(post(urlEqualTo("/hooks/mokadesk"))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));
        receiver.stubFor(post(urlEqualTo("/hooks/mokadesk"))
                .inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));

        Api agent = api(ws.agentToken());
        String conv = agent.post(
                        "/api/v1/messages",
                        "{\"externalId\":\"ext-42\",\"threadKey\":\"ticket-42\",\"text\":\"Missä tilaukseni on?\"}")
                .json()
                .get("conversationId")
                .asString();
        String reply = agent.post("/api/v1/conversations/" + conv + "/messages", "{\"text\":\"Tilaus lähti tänään.\"}")
                .json()
                .get("messageId")
                .asString();

        // First attempt fails (503), the retry after backoff succeeds.
        Awaitility.await()
                .atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> assertThat(
                                delivery(agent, conv, reply).get("state").asString())
                        .isEqualTo("sent"));
        JsonNode delivered = delivery(agent, conv, reply);
        assertThat(delivered.get("attempts").asInt()).isEqualTo(2);

        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/hooks/mokadesk"))
                .withRequestBody(matchingJsonPath(
                        "$.threadKey", com.github.tomakehurst.wiremock.client.WireMock.equalTo("ticket-42")))
                .withRequestBody(matchingJsonPath(
                        "$.inReplyTo", com.github.tomakehurst.wiremock.client.WireMock.equalTo("ext-42")))
                .withRequestBody(matchingJsonPath(
                        "$.text", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Tilaus lähti tänään."))));
        assertThat(requests).hasSize(2);
        LoggedRequest last = requests.get(1);
        String secret =
                admin.get("/api/v1/workspace").json().get("webhookSecret").asString();
        String expected = "sha256="
                + JsonPost.signature(secret, last.getHeader("X-Mokadesk-Timestamp") + "." + last.getBodyAsString());
        assertThat(last.getHeader("X-Mokadesk-Signature")).isEqualTo(expected);
    }

    @Test
    void withoutAWebhookTheReplyIsMarkedFailedWithTheReason() {
        put(Map.of("name", "Webhook Oy", "outboundWebhookUrl", ""));
        Api agent = api(ws.agentToken());
        String conv = agent.post("/api/v1/messages", "{\"externalId\":\"n1\",\"text\":\"Hei\"}")
                .json()
                .get("conversationId")
                .asString();
        String reply = agent.post("/api/v1/conversations/" + conv + "/messages", "{\"text\":\"Moi\"}")
                .json()
                .get("messageId")
                .asString();
        JsonNode delivery = delivery(agent, conv, reply);
        assertThat(delivery.get("state").asString()).isEqualTo("failed");
        assertThat(delivery.get("lastError").asString()).contains("webhook");
    }

    @Test
    void settingsRejectAnInvalidUrl() {
        Api.Response bad = put(Map.of("name", "Webhook Oy", "outboundWebhookUrl", "javascript:alert(1)"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("outboundWebhookUrl");
    }

    private Api.Response put(Map<String, String> body) {
        return admin.putJson("/api/v1/workspace", body);
    }

    private static JsonNode delivery(Api agent, String conv, String messageId) {
        for (JsonNode m : agent.get("/api/v1/conversations/" + conv).json().get("messages")) {
            if (m.get("id").asString().equals(messageId)) return m.get("delivery");
        }
        throw new AssertionError("reply not found");
    }
}
