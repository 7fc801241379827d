package fi.mokadesk.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.ChildDesk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Fault test: the desk is killed ({@code kill -9}, with its database) while a reply is on the wire, after
 * the outbox claimed it and before the answer was written. After the restart the reply is
 * {@code uncertain} — the receiver may have it — and is not sent again by itself; a person's retry sends it.
 */
@Tag("fault")
class OutboxCrashTest {

    private static final Duration START = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    @Test
    void aReplyInFlightWhenTheDeskDiesBecomesUncertainAndIsNeverResentBlindly() {
        WireMockServer receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        // The receiver takes its time, so the desk dies while the reply is being sent.
        receiver.stubFor(post(urlEqualTo("/replies"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(30_000)));
        Path data = tmp.resolve("data");
        Map<String, String> env = Map.of(
                "MOKADESK_ALLOW_PRIVATE_URLS", "true",
                "MOKADESK_OUTBOX_LEASE", "3s",
                "MOKADESK_DB_PORT", Integer.toString(ChildDesk.freePort()));
        String conversation;
        String reply;
        try {
            ChildDesk desk = ChildDesk.start(data, env).awaitReady(START);
            try {
                Api api = desk.api();
                assertThat(api.postJson(
                                        "/api/v1/channels",
                                        Map.of(
                                                "type",
                                                "api",
                                                "name",
                                                "CRM",
                                                "settings",
                                                Map.of(
                                                        "webhookUrl",
                                                        receiver.baseUrl() + "/replies",
                                                        "webhookSecret",
                                                        "kaatuvan-salaisuus-123")))
                                .status())
                        .isEqualTo(201);
                conversation = api.post("/api/v1/messages", "{\"externalId\":\"k-1\",\"text\":\"Hei\"}")
                        .json()
                        .get("conversationId")
                        .asString();
                reply = api.post("/api/v1/conversations/" + conversation + "/messages", "{\"text\":\"Moi\"}")
                        .json()
                        .get("messageId")
                        .asString();
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/replies")))
                                        .size()
                                == 1);
                assertThat(delivery(api, conversation, reply).get("state").asString())
                        .isEqualTo("sending");
                desk.killDeskAndDatabase();
            } finally {
                desk.close();
            }

            receiver.resetAll();
            receiver.stubFor(post(urlEqualTo("/replies")).willReturn(aResponse().withStatus(200)));
            try (ChildDesk restarted = ChildDesk.start(data, env).awaitReady(START)) {
                Api api = restarted.api();
                // The killed node's outbox job is taken over once it missed its heartbeats (about a minute).
                Awaitility.await()
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThat(delivery(api, conversation, reply)
                                        .get("state")
                                        .asString())
                                .isEqualTo("uncertain"));
                assertThat(delivery(api, conversation, reply).get("lastError").asString())
                        .contains("may or may not have arrived");
                // Several outbox runs later it is still uncertain and nothing was sent again.
                Awaitility.await().pollDelay(Duration.ofSeconds(5)).until(() -> true);
                assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/replies"))))
                        .isEmpty();
                assertThat(delivery(api, conversation, reply).get("state").asString())
                        .isEqualTo("uncertain");

                assertThat(api.post("/api/v1/deliveries/" + reply + "/retry", "")
                                .status())
                        .isEqualTo(200);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(delivery(api, conversation, reply)
                                        .get("state")
                                        .asString())
                                .isEqualTo("sent"));
                assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/replies"))))
                        .hasSize(1);
            }
        } finally {
            receiver.stop();
        }
    }

    private static JsonNode delivery(Api api, String conversation, String messageId) {
        for (JsonNode m :
                api.get("/api/v1/conversations/" + conversation).json().get("messages")) {
            if (m.get("id").asString().equals(messageId)) return m.get("delivery");
        }
        throw new AssertionError("reply not found");
    }
}
