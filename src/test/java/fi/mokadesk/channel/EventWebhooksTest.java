package fi.mokadesk.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Event webhooks as an integrator meets them: subscribe over the API, receive signed events from real
 * conversation changes (checked the way a receiver checks them, with nothing from Mokadesk's code), the
 * test event, the delivery log, removal, the admin page, and bad input answered with the reason.
 */
class EventWebhooksTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    WireMockServer receiver;
    TestWorkspace ws;
    Api admin;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/events")).willReturn(aResponse().withStatus(204)));
        ws = workspaces.create("Integraatio Oy");
        admin = api(ws.adminToken());
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    @Test
    void subscribedEventsArriveSignedAndTheLogShowsThem() throws Exception {
        Api.Response created = admin.postJson(
                "/api/v1/webhooks",
                Map.of(
                        "url",
                        receiver.baseUrl() + "/events",
                        "events",
                        List.of("conversation.created", "message.received", "conversation.status_changed")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        String secret = created.json().get("secret").asString();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);

        // The secret is shown once: never in the list or the detail.
        Api.Response list = admin.get("/api/v1/webhooks");
        assertThat(list.body()).contains(id).doesNotContain(secret);
        assertThat(list.json().get("events").toString()).contains("storm.detected");
        assertThat(admin.get("/api/v1/webhooks/" + id).body()).doesNotContain(secret);

        Api agent = api(ws.agentToken());
        String conv = agent.post("/api/v1/messages", "{\"externalId\":\"w-1\",\"text\":\"Tilaus ei tullut\"}")
                .json()
                .get("conversationId")
                .asString();
        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"pending\"}");
        // A reply is an event this URL did not ask for.
        agent.post("/api/v1/conversations/" + conv + "/messages", "{\"text\":\"Selvitämme\"}");

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/events"))))
                        .hasSize(3));
        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/events")));
        assertThat(requests)
                .extracting(r -> r.getHeader("X-Mokadesk-Event"))
                .containsExactlyInAnyOrder("conversation.created", "message.received", "conversation.status_changed");
        for (LoggedRequest r : requests) {
            assertThat(verify(secret, r))
                    .as("signature of " + r.getHeader("X-Mokadesk-Event"))
                    .isTrue();
            assertThat(verify("whsec_wrong", r)).isFalse();
            JsonNode body = Api.JSON.readTree(r.getBodyAsString());
            assertThat(body.get("version").asInt()).isEqualTo(1);
            assertThat(body.get("event").asString()).isEqualTo(r.getHeader("X-Mokadesk-Event"));
            assertThat(body.get("workspaceId").asString()).isEqualTo(ws.id().toString());
            assertThat(body.get("id").asString()).isNotBlank();
            assertThat(Instant.parse(body.get("createdAt").asString())).isBeforeOrEqualTo(Instant.now());
            assertThat(body.get("data").get("conversationId").asString()).isEqualTo(conv);
            assertThat(r.getHeader("X-Mokadesk-Delivery")).isNotBlank();
        }
        JsonNode status = requests.stream()
                .filter(r -> r.getHeader("X-Mokadesk-Event").equals("conversation.status_changed"))
                .map(r -> Api.JSON.readTree(r.getBodyAsString()).get("data"))
                .findFirst()
                .orElseThrow();
        assertThat(status.get("from").asString()).isEqualTo("open");
        assertThat(status.get("to").asString()).isEqualTo("pending");
        JsonNode message = requests.stream()
                .filter(r -> r.getHeader("X-Mokadesk-Event").equals("message.received"))
                .map(r -> Api.JSON.readTree(r.getBodyAsString()).get("data"))
                .findFirst()
                .orElseThrow();
        assertThat(message.get("text").asString()).isEqualTo("Tilaus ei tullut");

        // The test event, and the delivery log that shows every delivery of the subscription.
        Api.Response test = admin.post("/api/v1/webhooks/" + id + "/test", "");
        assertThat(test.status()).isEqualTo(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/events"))))
                        .hasSize(4));
        LoggedRequest testEvent = receiver.findAll(postRequestedFor(urlEqualTo("/events"))).stream()
                .filter(r -> "webhook.test".equals(r.getHeader("X-Mokadesk-Event")))
                .findFirst()
                .orElseThrow();
        assertThat(verify(secret, testEvent)).isTrue();
        assertThat(testEvent.getHeader("X-Mokadesk-Delivery"))
                .isEqualTo(test.json().get("id").asString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode log = admin.get("/api/v1/webhooks/" + id).json().get("deliveries");
            assertThat(log).hasSize(4);
            assertThat(log.findValuesAsString("state")).containsOnly("sent");
            assertThat(log.findValuesAsString("reference")).contains("webhook.test", "message.received");
        });

        // Changes are audited; the secret is not in the audit log.
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from audit_entry where workspace_id = ? and action in"
                                + " ('webhook.created', 'webhook.tested')")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from audit_entry where workspace_id = ? and new_value::text like ?")
                        .params(ws.id(), "%" + secret + "%")
                        .query(Long.class)
                        .single())
                .isZero();

        // Removed: 204, then gone, and no further events.
        assertThat(delete("/api/v1/webhooks/" + id, ws.adminToken())).isEqualTo(204);
        assertThat(admin.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(delete("/api/v1/webhooks/" + id, ws.adminToken())).isEqualTo(404);
        agent.post("/api/v1/messages", "{\"externalId\":\"w-2\",\"text\":\"Vielä yksi\"}");
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from outbox where workspace_id = ? and kind = 'event'")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(4);
    }

    @Test
    void badInputIsRefusedWithTheReasonAndOnlyAdminsSubscribe() {
        assertBad(Map.of("events", List.of("message.received")), "url", "is required");
        assertBad(Map.of("url", "ftp://example.com/x", "events", List.of("message.received")), "url", "http or https");
        assertBad(
                Map.of("url", "https://user:pw@example.com/x", "events", List.of("message.received")),
                "url",
                "user name or password");
        assertBad(Map.of("url", "https://example.com/x"), "events", "is required");
        assertBad(Map.of("url", "https://example.com/x", "events", "message.received"), "events", "a list");
        assertBad(Map.of("url", "https://example.com/x", "events", List.of()), "events", "at least one");
        assertBad(
                Map.of("url", "https://example.com/x", "events", List.of("message.received", "message.deleted")),
                "events",
                "'message.deleted' that is not an event");
        assertBad(Map.of("url", 42, "events", List.of("message.received")), "url", "must be a string");
        Api.Response notJson = admin.post("/api/v1/webhooks", "{\"url\":");
        assertThat(notJson.status()).isEqualTo(400);
        Api.Response array = admin.post("/api/v1/webhooks", "[]");
        assertThat(array.status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/webhooks/not-an-id").status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/webhooks/" + java.util.UUID.randomUUID() + "/test", "")
                        .status())
                .isEqualTo(404);
        Api.Response agent = api(ws.agentToken())
                .postJson(
                        "/api/v1/webhooks",
                        Map.of("url", "https://example.com/x", "events", List.of("message.received")));
        assertThat(agent.status()).isEqualTo(403);
        assertThat(api(ws.agentToken()).get("/api/v1/webhooks").status()).isEqualTo(403);
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from webhook_subscription where workspace_id = ?")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theAdminPageAddsShowsTheSecretOnceTestsAndRemoves() {
        FormSession page = new FormSession(port);
        page.signIn(ws.adminEmail(), ws.password());
        assertThat(page.get("/inbox").body()).contains("href=\"/admin/webhooks\"");
        assertThat(page.get("/admin/webhooks").body())
                .contains("Tapahtumawebhookit")
                .contains("Ei tilauksia.");

        FormSession.Page refused = page.postRaw(
                "/admin/webhooks", "url=javascript%3Aalert(1)&events=message.received&_csrf=" + page.csrf());
        assertThat(refused.status()).isEqualTo(302);
        assertThat(page.get("/admin/webhooks").body()).contains("must be an http or https URL");

        FormSession.Page added = page.postRaw(
                "/admin/webhooks",
                "url=" + java.net.URLEncoder.encode(receiver.baseUrl() + "/events", StandardCharsets.UTF_8)
                        + "&events=storm.detected&events=conversation.assigned&_csrf=" + page.csrf());
        assertThat(added.status()).isEqualTo(302);
        String shown = page.get("/admin/webhooks").body();
        Matcher secret = Pattern.compile("whsec_[0-9a-f]{64}").matcher(shown);
        assertThat(secret.find()).as("the secret is shown after adding").isTrue();
        String again = page.get("/admin/webhooks").body();
        assertThat(again).doesNotContain(secret.group()).contains(receiver.baseUrl() + "/events");
        assertThat(again).contains("storm.detected").contains("Lähetä testitapahtuma");

        String id = workspaces
                .owner()
                .sql("select id::text from webhook_subscription where workspace_id = ?")
                .param(ws.id())
                .query(String.class)
                .single();
        assertThat(page.post("/admin/webhooks/" + id + "/test", Map.of()).status())
                .isEqualTo(302);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/events"))))
                        .hasSize(1));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(page.get("/admin/webhooks").body())
                        .contains("webhook.test")
                        .contains("toimitettu"));
        assertThat(verify(
                        secret.group(),
                        receiver.findAll(postRequestedFor(urlEqualTo("/events")))
                                .get(0)))
                .isTrue();

        assertThat(page.post("/admin/webhooks/" + id + "/remove", Map.of()).status())
                .isEqualTo(302);
        assertThat(page.get("/admin/webhooks").body()).contains("Ei tilauksia.");
        FormSession agent = new FormSession(port);
        agent.signIn(ws.agentEmail(), ws.password());
        assertThat(agent.get("/admin/webhooks").status()).isEqualTo(403);
    }

    private void assertBad(Map<String, Object> body, String field, String reason) {
        Api.Response answer = admin.postJson("/api/v1/webhooks", body);
        assertThat(answer.status()).as(body.toString()).isEqualTo(400);
        assertThat(answer.json().get("field").asString()).isEqualTo(field);
        assertThat(answer.json().get("message").asString()).contains(reason);
    }

    /** What a receiver does: recompute HMAC-SHA256 over "timestamp.body" and compare in constant time. */
    static boolean verify(String secret, LoggedRequest request) {
        try {
            String timestamp = request.getHeader("X-Mokadesk-Timestamp");
            if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) return false;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(request.getBody());
            String header = request.getHeader("X-Mokadesk-Signature");
            if (header == null || !header.startsWith("sha256=")) return false;
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(header.substring("sha256=".length())));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private int delete(String path, String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Authorization", "Bearer " + token)
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
