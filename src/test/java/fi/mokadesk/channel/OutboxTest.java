package fi.mokadesk.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The one outbox on the real database and HTTP: two dispatchers never send a row twice, a send interrupted
 * between the claim and its answer becomes uncertain and is not sent again by itself, and a person's retry
 * (API or the button on the conversation page) sends it once more. The desk's own outbox job is paused, so
 * the test decides when rows leave.
 */
class OutboxTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    Scheduler scheduler;

    @Autowired
    Outbox outbox;

    @Autowired
    List<OutboxSender> senders;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Deliveries deliveries;

    @Autowired
    ApplicationEventPublisher events;

    WireMockServer receiver;
    TestWorkspace ws;
    Api admin;
    Api agent;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/replies"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(50)));
        ws = workspaces.create("Lähtevät Oy");
        admin = api(ws.adminToken());
        agent = api(ws.agentToken());
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
                                                receiver.baseUrl() + "/replies",
                                                "webhookSecret",
                                                "lähtevien-salaisuus-123")))
                        .status())
                .isEqualTo(201);
        scheduler.pause();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> scheduler.getCurrentlyExecuting().isEmpty());
    }

    @AfterEach
    void stop() {
        scheduler.resume();
        receiver.stop();
    }

    @Test
    void twoDispatchersAtOnceSendEveryReplyExactlyOnce() throws Exception {
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 24; i++) replies.add(reply("c-" + i).messageId());
        OutboxDispatcher first = dispatcher();
        OutboxDispatcher second = dispatcher();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> drainFirst = () -> drain(first);
            Callable<Integer> drainSecond = () -> drain(second);
            List<Future<Integer>> done = pool.invokeAll(List.of(drainFirst, drainSecond));
            int attempted = done.get(0).get() + done.get(1).get();
            // Most of them (the other test desks of this JVM share the database, and their outbox jobs may
            // take a few rows; what matters is that every row leaves exactly once, whoever sends it).
            assertThat(attempted).isPositive();
        } finally {
            pool.shutdownNow();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/replies")))
                                .size()
                        >= replies.size());
        drain(first);
        List<LoggedRequest> received = receiver.findAll(postRequestedFor(urlEqualTo("/replies")));
        Set<String> ids = new HashSet<>();
        for (LoggedRequest r : received)
            ids.add(Api.JSON.readTree(r.getBodyAsString()).get("messageId").asString());
        assertThat(received).hasSize(replies.size());
        assertThat(ids).containsExactlyInAnyOrderElementsOf(replies);
    }

    @Test
    void aSendInterruptedAfterTheClaimBecomesUncertainIsNotResentAndARetrySendsItOnce() {
        Sent sent = reply("kaatuminen");
        // A node takes the reply (the claim commits: state sending) and stops before writing the answer.
        List<Outbox.Claimed> taken = outbox.claim(50, Duration.ofMinutes(2), true);
        assertThat(taken).extracting(Outbox.Claimed::id).contains(java.util.UUID.fromString(sent.messageId()));
        assertThat(delivery(sent).get("state").asString()).isEqualTo("sending");
        // Its lease runs out.
        workspaces
                .owner()
                .sql("update outbox set lease_until = now() - interval '1 second' where id = ?::uuid")
                .param(sent.messageId())
                .update();

        dispatcher().dispatchDue();
        dispatcher().dispatchDue();

        JsonNode uncertain = delivery(sent);
        assertThat(uncertain.get("state").asString()).isEqualTo("uncertain");
        assertThat(uncertain.get("lastError").asString()).contains("may or may not have arrived");
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/replies")))).isEmpty();

        // The agent sees it on the reply, in words, with a retry button.
        FormSession browser = new FormSession(port);
        browser.signIn(ws.agentEmail(), ws.password());
        String page = browser.get("/conversations/" + sent.conversationId()).body();
        assertThat(page)
                .contains("toimitus epävarma — tarkista")
                .contains("/deliveries/" + sent.messageId() + "/retry");

        // The admin list finds it by state and kind; bad filters are refused with the reason.
        JsonNode listed =
                admin.get("/api/v1/deliveries?state=uncertain&kind=reply").json();
        assertThat(listed.get("deliveries").findValuesAsString("id")).contains(sent.messageId());
        Api.Response badState = admin.get("/api/v1/deliveries?state=delivered");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.json().get("field").asString()).isEqualTo("state");
        assertThat(admin.get("/api/v1/deliveries?kind=fax").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/deliveries?size=0").status()).isEqualTo(400);
        assertThat(agent.get("/api/v1/deliveries").status()).isEqualTo(403);

        // Retried from the conversation page: pending again, sent once by the next run.
        FormSession.Page retried = browser.post(
                "/deliveries/" + sent.messageId() + "/retry", Map.of("conversation", sent.conversationId()));
        assertThat(retried.status()).isEqualTo(302);
        assertThat(retried.location()).endsWith("/conversations/" + sent.conversationId());
        assertThat(delivery(sent).get("state").asString()).isEqualTo("pending");
        dispatcher().dispatchDue();
        assertThat(delivery(sent).get("state").asString()).isEqualTo("sent");
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/replies")))).hasSize(1);

        // A sent delivery cannot be retried: 409 with the reason, nothing sent.
        Api.Response again = agent.post("/api/v1/deliveries/" + sent.messageId() + "/retry", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asString()).contains("already sent");
        assertThat(agent.post("/api/v1/deliveries/" + java.util.UUID.randomUUID() + "/retry", "")
                        .status())
                .isEqualTo(404);
        assertThat(agent.post("/api/v1/deliveries/not-an-id/retry", "").status())
                .isEqualTo(400);
        assertThat(api(ws.viewerToken())
                        .post("/api/v1/deliveries/" + sent.messageId() + "/retry", "")
                        .status())
                .isEqualTo(403);

        // The retry is in the audit log.
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from audit_entry where workspace_id = ? and action = 'delivery.retried'")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aFailedReplyIsRetriedThroughTheApi() {
        receiver.stubFor(post(urlEqualTo("/replies")).willReturn(aResponse().withStatus(410)));
        Sent sent = reply("hylätty");
        workspaces
                .owner()
                .sql("update outbox set max_attempts = 1 where id = ?::uuid")
                .param(sent.messageId())
                .update();
        dispatcher().dispatchDue();
        JsonNode failed = delivery(sent);
        assertThat(failed.get("state").asString()).isEqualTo("failed");
        assertThat(failed.get("lastError").asString()).contains("HTTP 410");

        receiver.stubFor(post(urlEqualTo("/replies")).willReturn(aResponse().withStatus(200)));
        Api.Response retried = agent.post("/api/v1/deliveries/" + sent.messageId() + "/retry", "");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("state").asString()).isEqualTo("pending");
        assertThat(retried.json().get("kind").asString()).isEqualTo("reply");
        dispatcher().dispatchDue();
        assertThat(delivery(sent).get("state").asString()).isEqualTo("sent");
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/replies")))).hasSize(2);
    }

    @Test
    void aReplyOnAChannelTypeWithoutAnAdapterIsFailedWithTheReason() {
        String conv = agent.post(
                        "/api/v1/messages", "{\"channel\":\"x\",\"externalId\":\"x-1\",\"text\":\"Huono palvelu\"}")
                .json()
                .get("conversationId")
                .asString();
        String reply = agent.post("/api/v1/conversations/" + conv + "/messages", "{\"text\":\"Pahoittelut!\"}")
                .json()
                .get("messageId")
                .asString();
        JsonNode d = delivery(new Sent(conv, reply));
        assertThat(d.get("state").asString()).isEqualTo("failed");
        assertThat(d.get("lastError").asString()).isEqualTo("no adapter sends x replies yet");
    }

    @Test
    void aNodeWithoutAMailServerLeavesTheDesksEmailsToANodeThatHasOne() {
        java.util.UUID id = fi.mokadesk.database.Tenant.call(
                ws.id(),
                () -> transaction.execute(status -> deliveries.mail(
                        "mail-left-" + ws.id(),
                        "sla",
                        new OutboundMail("liisa@kuppi.fi", "Ensivastauksen aika ylittyi", "Katso keskustelu"))));
        // This test desk has no mail server (spring.mail.host), so its own dispatcher never takes the row.
        assertThat(senders).anySatisfy(s -> assertThat(s).isInstanceOf(MailSender.class));
        assertThat(dispatcher().dispatchDue()).isNotNegative();
        assertThat(outbox.claim(50, Duration.ofMinutes(2), false))
                .extracting(Outbox.Claimed::id)
                .doesNotContain(id);
        assertThat(state(id)).isEqualTo("pending");
        assertThat(attempts(id)).isZero();
        // A node that has one takes it.
        assertThat(outbox.claim(50, Duration.ofMinutes(2), true))
                .extracting(Outbox.Claimed::id)
                .contains(id);
        assertThat(state(id)).isEqualTo("sending");
    }

    private String state(java.util.UUID id) {
        return column("state", id, String.class);
    }

    private int attempts(java.util.UUID id) {
        return column("attempts", id, Integer.class);
    }

    private <T> T column(String name, java.util.UUID id, Class<T> type) {
        return workspaces
                .owner()
                .sql("select " + name + " from outbox where id = ?")
                .param(id)
                .query(type)
                .single();
    }

    private OutboxDispatcher dispatcher() {
        return new OutboxDispatcher(outbox, transaction, events, senders, Duration.ofMinutes(2));
    }

    private static int drain(OutboxDispatcher dispatcher) {
        int total = 0;
        for (int n = dispatcher.dispatchDue(); n > 0; n = dispatcher.dispatchDue()) total += n;
        return total;
    }

    record Sent(String conversationId, String messageId) {}

    private Sent reply(String externalId) {
        String conv = agent.post("/api/v1/messages", "{\"externalId\":\"" + externalId + "\",\"text\":\"Hei\"}")
                .json()
                .get("conversationId")
                .asString();
        String reply = agent.post("/api/v1/conversations/" + conv + "/messages", "{\"text\":\"Moi\"}")
                .json()
                .get("messageId")
                .asString();
        return new Sent(conv, reply);
    }

    private JsonNode delivery(Sent sent) {
        for (JsonNode m : agent.get("/api/v1/conversations/" + sent.conversationId())
                .json()
                .get("messages")) {
            if (m.get("id").asString().equals(sent.messageId())) return m.get("delivery");
        }
        throw new AssertionError("reply not found");
    }
}
