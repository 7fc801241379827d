package fi.mokadesk.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.tomakehurst.wiremock.WireMockServer;
import fi.mokadesk.channel.api.ApiChannel;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Delivery with the policy of an installed desk (private targets not allowed), on the real outbox, database
 * and HTTP: a webhook that resolves to this machine when delivering — a name like {@code localhost}, a
 * decimal or an IPv6-mapped literal, or a name that turned private after it was saved (DNS rebinding) —
 * is marked failed with the reason, and no request reaches the local server.
 *
 * <p>The test desk allows private targets (its receivers are WireMock on localhost), so its own outbox job
 * is paused here and the outbox is drained by a dispatcher with the installed policy.
 */
class PrivateTargetDeliveryTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    Scheduler scheduler;

    @Autowired
    Outbox outbox;

    @Autowired
    Channels channels;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    ApplicationEventPublisher events;

    WireMockServer local;
    TestWorkspace ws;

    @BeforeEach
    void start() {
        local = new WireMockServer(options().dynamicPort());
        local.start();
        local.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        ws = workspaces.create("Sisäverkko Oy");
    }

    @AfterEach
    void stop() {
        local.stop();
    }

    @Test
    void aWebhookThatResolvesToThisMachineAtDeliveryIsMarkedFailedAndNeverCalled() {
        // The outbox with the installed policy: the api channel's adapter posts through a refusing client.
        OutboundAddresses policy = new OutboundAddresses(false);
        OutboxDispatcher installed = new OutboxDispatcher(
                outbox,
                transaction,
                events,
                List.of(new ReplySender(
                        channels,
                        List.of(new ApiChannel(
                                new JsonPost(policy),
                                policy,
                                tools.jackson.databind.json.JsonMapper.builder().build())))),
                Duration.ofMinutes(2));
        Api admin = api(ws.adminToken());
        assertThat(admin.postJson(
                                "/api/v1/channels",
                                Map.of(
                                        "type",
                                        "api",
                                        "name",
                                        "API",
                                        "settings",
                                        Map.of(
                                                "webhookUrl",
                                                "https://hooks.example.com/mokadesk",
                                                "webhookSecret",
                                                "0123456789abcdef0123")))
                        .status())
                .isEqualTo(201);
        scheduler.pause();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> scheduler.getCurrentlyExecuting().isEmpty());
            for (String target : new String[] {
                "http://localhost:" + local.port() + "/hook",
                "http://2130706433:" + local.port() + "/hook",
                "http://[::ffff:127.0.0.1]:" + local.port() + "/hook",
                "http://0x7f000001:" + local.port() + "/hook"
            }) {
                // Stored as if it had passed the check when saved (a name that later resolves elsewhere).
                workspaces
                        .owner()
                        .sql("update channel set settings = jsonb_set(settings, '{webhookUrl}', to_jsonb(?::text))"
                                + " where workspace_id = ? and type = 'api'")
                        .params(target, ws.id())
                        .update();
                Api agent = api(ws.agentToken());
                String conv = agent.post(
                                "/api/v1/messages", "{\"externalId\":\"p-" + target.hashCode() + "\",\"text\":\"Hei\"}")
                        .json()
                        .get("conversationId")
                        .asString();
                String reply = agent.post("/api/v1/conversations/" + conv + "/messages", "{\"text\":\"Moi\"}")
                        .json()
                        .get("messageId")
                        .asString();
                assertThat(delivery(agent, conv, reply).get("state").asString()).isEqualTo("pending");

                installed.dispatchDue();

                JsonNode delivery = delivery(agent, conv, reply);
                assertThat(delivery.get("state").asString()).as(target).isEqualTo("failed");
                assertThat(delivery.get("attempts").asInt()).as(target).isEqualTo(1);
                assertThat(delivery.get("lastError").asString())
                        .as(target)
                        .startsWith("refused: ")
                        .containsAnyOf("127.0.0.1, a loopback address", "not a standard IP address");
            }
        } finally {
            scheduler.resume();
        }
        assertThat(local.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void savedUrlsGoThroughTheSamePolicy() {
        Api admin = api(ws.adminToken());
        Api.Response refused = admin.putJson(
                "/api/v1/workspace",
                Map.of("name", "Sisäverkko Oy", "outboundWebhookUrl", "https://user:pw@example.com/"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asString()).isEqualTo("outboundWebhookUrl");
        assertThat(refused.body()).contains("must not contain a user name or password");
        Api.Response anchor =
                admin.putJson("/api/v1/audit/anchor", Map.of("webhookUrl", "https://user:pw@example.com/"));
        assertThat(anchor.status()).isEqualTo(400);
        assertThat(anchor.json().get("field").asString()).isEqualTo("webhookUrl");
    }

    private static JsonNode delivery(Api agent, String conv, String messageId) {
        for (JsonNode m : agent.get("/api/v1/conversations/" + conv).json().get("messages")) {
            if (m.get("id").asString().equals(messageId)) return m.get("delivery");
        }
        throw new AssertionError("reply not found");
    }
}
