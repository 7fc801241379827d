package fi.mokadesk.sla;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.mokadesk.channel.Deliveries;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * SLA timers in the running desk on PostgreSQL: the defaults a new workspace gets, the {@code sla} of the
 * conversation JSON, pause while pending, policy versions, validation and audit, the escalation chain into
 * the notification centre, "most urgent first" and the report.
 */
class SlaDeskTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    SlaSweep sweep;

    @Autowired
    Deliveries deliveries;

    static Map<String, Object> aroundTheClock(String name, int firstResponse) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("name", name);
        policy.put("default", true);
        policy.put("warnAtPercent", 75);
        policy.put(
                "targets",
                List.of(Map.of(
                        "firstResponseMinutes",
                        firstResponse,
                        "nextResponseMinutes",
                        30,
                        "resolutionMinutes",
                        600,
                        "businessHours",
                        false)));
        policy.put(
                "escalation",
                List.of(
                        Map.of("notify", "assignee", "afterMinutes", 0),
                        Map.of("notify", "leads", "afterMinutes", 15),
                        Map.of("notify", "admins", "afterMinutes", 60)));
        return policy;
    }

    static UUID ingest(Api api, String channel, Instant receivedAt) {
        return ingest(api, channel, receivedAt, "thread-" + UUID.randomUUID());
    }

    static UUID ingest(Api api, String channel, Instant receivedAt, String threadKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("threadKey", threadKey);
        body.put("channel", channel);
        body.put("externalId", "sla-" + UUID.randomUUID());
        // A customer of their own: the same email address would continue the same conversation.
        body.put("author", Map.of("name", "Asiakas", "email", UUID.randomUUID() + "@example.fi"));
        body.put("text", "Tilaukseni ei ole vieläkään tullut.");
        body.put("receivedAt", receivedAt.toString());
        Api.Response r = api.postJson("/api/v1/messages", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.json().path("conversationId").asString());
    }

    static JsonNode sla(Api api, UUID conversation) {
        Api.Response r = api.get("/api/v1/conversations/" + conversation);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("sla");
    }

    static Instant instant(JsonNode node) {
        return OffsetDateTime.parse(node.asString()).toInstant();
    }

    @Test
    void aNewWorkspaceCountsEmailInBusinessHoursFromTheCustomersClock() {
        TestWorkspace ws = workspaces.create("SLA Oletus " + UUID.randomUUID());
        Api agent = api(ws.agentToken());
        // Monday 10:00 in Helsinki: 8 business hours later is Tuesday 10:00, 24 are Thursday 10:00.
        UUID conversation = ingest(agent, "email", Instant.parse("2026-11-30T08:00:00Z"));

        JsonNode sla = sla(agent, conversation);
        assertThat(sla.path("policy").asString()).isEqualTo("Oletus v1");
        assertThat(instant(sla.path("firstResponseDueAt"))).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(instant(sla.path("resolutionDueAt"))).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
        assertThat(sla.path("firstResponseDueAt").asString()).endsWith("+02:00");
        assertThat(sla.path("nextResponseDueAt").isNull()).isTrue();
        assertThat(sla.path("status").asString()).isEqualTo("active");

        // The first reply comes long after the due time: the first response is missed, and stays so.
        Api.Response reply = agent.postJson(
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of("type", "reply", "text", "Pahoittelut viiveestä, selvitämme asian."));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(sla(agent, conversation).path("status").asString()).isEqualTo("missed");

        // Social comments have 60 business minutes.
        UUID comment = ingest(agent, "facebook", Instant.parse("2026-11-30T08:00:00Z"));
        assertThat(instant(sla(agent, comment).path("firstResponseDueAt")))
                .isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
    }

    @Test
    void pendingPausesTheTimersAndTheCustomersAnswerStartsTheNextResponse() {
        TestWorkspace ws = workspaces.create("SLA Tauko " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        assertThat(admin.postJson("/api/v1/sla/policies", aroundTheClock("24/7", 60))
                        .status())
                .isEqualTo(201);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String thread = "thread-" + UUID.randomUUID();
        UUID conversation = ingest(admin, "email", now, thread);
        assertThat(sla(admin, conversation).path("status").asString()).isEqualTo("active");

        admin.postJson(
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of("type", "reply", "text", "Voisitko kertoa tilausnumerosi?"));
        assertThat(admin.patch("/api/v1/conversations/" + conversation, "{\"status\":\"pending\"}")
                        .status())
                .isEqualTo(200);
        JsonNode paused = sla(admin, conversation);
        assertThat(paused.path("status").asString()).isEqualTo("paused");
        assertThat(paused.path("resolutionDueAt").isNull()).isTrue();

        // The customer answers: the conversation reopens, resolution counts again, a reply is due in 30 min.
        Instant answered = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertThat(ingest(admin, "email", answered, thread)).isEqualTo(conversation);
        JsonNode resumed = sla(admin, conversation);
        assertThat(resumed.path("status").asString()).isEqualTo("active");
        assertThat(instant(resumed.path("nextResponseDueAt"))).isEqualTo(answered.plusSeconds(30 * 60));
        assertThat(instant(resumed.path("resolutionDueAt"))).isAfter(now.plusSeconds(600 * 60 - 1));
    }

    @Test
    void policyChangesApplyToNewConversationsAndAreValidatedAndAudited() {
        TestWorkspace ws = workspaces.create("SLA Politiikka " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        Api agent = api(ws.agentToken());
        UUID before = ingest(agent, "email", Instant.now());
        assertThat(sla(agent, before).path("policy").asString()).isEqualTo("Oletus v1");

        // Agents read, only admins write.
        assertThat(agent.get("/api/v1/sla/policies").status()).isEqualTo(200);
        assertThat(agent.postJson("/api/v1/sla/policies", aroundTheClock("Nopea", 30))
                        .status())
                .isEqualTo(403);
        // Bad input: 400 with the field.
        Map<String, Object> bad = aroundTheClock("Huono", 0);
        Api.Response refused = admin.postJson("/api/v1/sla/policies", bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("targets[0].firstResponseMinutes");
        Map<String, Object> badChannel = aroundTheClock("Huono", 10);
        badChannel.put("targets", List.of(Map.of("channels", List.of("fax"), "firstResponseMinutes", 1)));
        assertThat(admin.postJson("/api/v1/sla/policies", badChannel).body()).contains("channels");
        assertThat(admin.post("/api/v1/sla/policies", "{\"name\": ").status()).isEqualTo(400);

        // The default policy gets a new version: new conversations get it, the running one keeps v1.
        JsonNode defaultPolicy = admin.get("/api/v1/sla/policies").json().get(0);
        assertThat(defaultPolicy.path("name").asString()).isEqualTo("Oletus");
        Map<String, Object> tighter = aroundTheClock("Oletus", 20);
        Api.Response updated =
                admin.putJson("/api/v1/sla/policies/" + defaultPolicy.path("id").asString(), tighter);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("version").asInt()).isEqualTo(2);

        UUID after = ingest(agent, "email", Instant.now());
        assertThat(sla(agent, after).path("policy").asString()).isEqualTo("Oletus v2");
        assertThat(sla(agent, before).path("policy").asString()).isEqualTo("Oletus v1");
        // Timers name their version without a foreign key (V37): versions are kept, even against the owner.
        assertThatThrownBy(() -> workspaces
                        .owner()
                        .sql("delete from sla_policy where workspace_id = ? and version = 1")
                        .param(ws.id())
                        .update())
                .rootCause()
                .hasMessageContaining("permanent");
        assertThatThrownBy(() ->
                        workspaces.owner().sql("truncate sla_policy cascade").update())
                .rootCause()
                .hasMessageContaining("permanent");
        assertThat(sla(agent, before).path("policy").asString()).isEqualTo("Oletus v1");

        // Calendars: validated, created, audited.
        Api.Response badCalendar = admin.postJson(
                "/api/v1/sla/calendars",
                Map.of("name", "Yö", "timeZone", "Europe/Nowhere", "weeklyHours", Map.of("monday", "08:00-16:00")));
        assertThat(badCalendar.status()).isEqualTo(400);
        assertThat(badCalendar.body()).contains("timeZone");
        Api.Response calendar = admin.postJson(
                "/api/v1/sla/calendars",
                Map.of(
                        "name", "Kesä",
                        "weeklyHours", Map.of("monday", "09:00-15:00"),
                        "closedDays", List.of("2027-07-01")));
        assertThat(calendar.status()).as(calendar.body()).isEqualTo(201);
        assertThat(calendar.json().path("holidays").asString()).isEqualTo("fi");
        assertThat(admin.get("/api/v1/sla/calendars").json().size()).isEqualTo(2);

        String actions = workspaces
                .owner()
                .sql("select string_agg(action, ',' order by seq) from audit_entry where workspace_id = ?")
                .param(ws.id())
                .query(String.class)
                .single();
        assertThat(actions).contains("sla.policy.update").contains("sla.calendar.create");
    }

    @Test
    void aBreachEscalatesFromTheAssigneeToLeadsAndAdminsIntoTheNotificationCentre() {
        TestWorkspace ws = workspaces.create("SLA Eskalointi " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        admin.postJson("/api/v1/sla/policies", aroundTheClock("24/7", 60));
        // A first response due 10 minutes ago: the breach and the assignee's notice are due, leads (15
        // minutes after the due time) not yet.
        UUID conversation = ingest(admin, "email", Instant.now().minusSeconds(70 * 60));
        admin.patch("/api/v1/conversations/" + conversation, "{\"assigneeId\":\"" + ws.agentId() + "\"}");
        workspaces
                .owner()
                .sql("update sla_clock set next_fire_at = now() where workspace_id = ? and next_fire_at is not null")
                .param(ws.id())
                .update();
        sweep.sweep();

        assertThat(notices(ws, ws.agentId())).containsExactly("sla.breach.first_response");
        assertThat(notices(ws, ws.adminId())).isEmpty();
        assertThat(sla(admin, conversation).path("status").asString()).isEqualTo("missed");

        // An hour later than due: leads (none in this workspace, so admins) and then admins are told, once.
        workspaces.owner().sql("""
                        update sla_clock set due_at = due_at - interval '1 hour', next_fire_at = now()
                         where workspace_id = ? and kind = 'first_response'
                        """).param(ws.id()).update();
        sweep.sweep();
        sweep.sweep();
        assertThat(notices(ws, ws.adminId())).containsExactly("sla.breach.first_response", "sla.breach.first_response");
        assertThat(notices(ws, ws.agentId())).hasSize(1);

        // The agent sees the notice, in Finnish, with the link, and the bell counts it.
        FormSession agent = new FormSession(port);
        agent.signIn(ws.agentEmail(), ws.password());
        assertThat(agent.get("/notifications/bell").body())
                .contains("bell-count")
                .contains(">1<");
        String page = agent.get("/notifications").body();
        assertThat(page).contains("Ensivastauksen aika ylittyi").contains("/conversations/" + conversation);
        agent.post("/notifications/read", Map.of());
        assertThat(agent.get("/notifications/bell").body()).doesNotContain("bell-count");
    }

    @Test
    void theInboxSortsMostUrgentFirstAndShowsTheTimer() {
        TestWorkspace ws = workspaces.create("SLA Kiire " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        admin.postJson("/api/v1/sla/policies", aroundTheClock("24/7", 60));
        Instant now = Instant.now();
        UUID later = ingest(admin, "email", now.minusSeconds(60));
        UUID soonest = ingest(admin, "email", now.minusSeconds(50 * 60));
        UUID middle = ingest(admin, "email", now.minusSeconds(20 * 60));

        JsonNode items = admin.get("/api/v1/conversations?sort=urgent").json().path("items");
        assertThat(List.of(
                        items.get(0).path("id").asString(),
                        items.get(1).path("id").asString(),
                        items.get(2).path("id").asString()))
                .containsExactly(soonest.toString(), middle.toString(), later.toString());
        assertThat(admin.get("/api/v1/conversations?sort=soonest").status()).isEqualTo(400);

        FormSession person = new FormSession(port);
        person.signIn(ws.adminEmail(), ws.password());
        String inbox = person.get("/inbox?sort=urgent").body();
        assertThat(inbox).contains("sla-timer").contains("min jäljellä");
        assertThat(inbox.indexOf(soonest.toString())).isLessThan(inbox.indexOf(later.toString()));
    }

    @Test
    void theReportCountsHitsAndMissesPerChannelAndAgent() {
        TestWorkspace ws = workspaces.create("SLA Raportti " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        admin.postJson("/api/v1/sla/policies", aroundTheClock("24/7", 60));
        UUID late = ingest(admin, "email", Instant.now().minusSeconds(3 * 3600));
        UUID quick = ingest(admin, "form", Instant.now().minusSeconds(60));
        for (UUID c : List.of(late, quick)) {
            admin.postJson(
                    "/api/v1/conversations/" + c + "/messages", Map.of("type", "reply", "text", "Kiitos viestistä!"));
        }
        Api.Response report = admin.get("/api/v1/sla/report");
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        JsonNode json = report.json();
        assertThat(json.path("overall").path("hit").asLong()).isEqualTo(1);
        assertThat(json.path("overall").path("missed").asLong()).isEqualTo(1);
        assertThat(json.path("firstResponse").path("answered").asLong()).isEqualTo(2);
        assertThat(json.path("breaches").get(0).path("link").asString()).isEqualTo("/conversations/" + late);
        assertThat(json.path("byChannel").toString())
                .contains("\"key\":\"email\"")
                .contains("\"key\":\"form\"");
        // How long the customers waited: one under 5 minutes, one between 2 and 4 hours.
        JsonNode bars = json.path("firstResponseDistribution");
        assertThat(bars.size()).isEqualTo(SlaReport.BUCKETS.length + 1);
        assertThat(bars.get(0).path("toMinutes").asInt()).isEqualTo(5);
        assertThat(bars.get(0).path("count").asLong()).isEqualTo(1);
        assertThat(bars.get(5).path("fromMinutes").asInt()).isEqualTo(120);
        assertThat(bars.get(5).path("count").asLong()).isEqualTo(1);
        assertThat(bars.get(SlaReport.BUCKETS.length).path("toMinutes").isNull())
                .isTrue();
        long perDay = 0;
        for (JsonNode day : json.path("firstResponseByDay")) {
            perDay += day.path("answered").asLong();
            assertThat(day.path("p90Minutes").asDouble())
                    .isGreaterThanOrEqualTo(day.path("medianMinutes").asDouble());
        }
        assertThat(perDay).isEqualTo(2);

        // The page draws the same as a chart, with the figures as tables beside it.
        FormSession lead = new FormSession(port);
        lead.signIn(ws.adminEmail(), ws.password());
        String page = lead.get("/sla/report").body();
        assertThat(page)
                .contains("id=\"frt-chart\"")
                .contains("id=\"frt-days-chart\"")
                .contains("Kauanko asiakkaat odottivat ensivastausta")
                .contains("data-label=\"alle 5 min\" data-count=\"1\"")
                .contains("data-label=\"2–4 t\" data-count=\"1\"")
                .contains("/js/sla-report.js")
                .contains("id=\"by-team\"");

        Api.Response csv = admin.get("/api/v1/sla/report.csv?from="
                + java.time.LocalDate.now(SlaReport.ZONE).minusDays(2));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().toList())
                .hasSize(3)
                .first()
                .asString()
                .startsWith("conversation_id,timer,channel");
        assertThat(api(ws.agentToken()).get("/api/v1/sla/report").status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/sla/report?from=eilen").status()).isEqualTo(400);
    }

    @Test
    void aBreachIsPostedOnceToTheChatWebhookThroughTheOutbox() throws Exception {
        WireMockServer chat = new WireMockServer(options().dynamicPort());
        chat.start();
        try {
            chat.stubFor(post(urlEqualTo("/hooks/sla")).willReturn(aResponse().withStatus(200)));
            TestWorkspace ws = workspaces.create("SLA Chat " + UUID.randomUUID());
            Api admin = api(ws.adminToken());
            Map<String, Object> policy = aroundTheClock("24/7", 60);
            policy.put("chatWebhookUrl", chat.baseUrl() + "/hooks/sla");
            Api.Response created = admin.postJson("/api/v1/sla/policies", policy);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            Map<String, Object> badHook = aroundTheClock("Huono koukku", 60);
            badHook.put("chatWebhookUrl", "ftp://example.fi/x");
            assertThat(admin.postJson("/api/v1/sla/policies", badHook).body()).contains("chatWebhookUrl");

            UUID conversation = ingest(admin, "facebook", Instant.now().minusSeconds(70 * 60));
            sweep.sweep();
            workspaces
                    .owner()
                    .sql("update sla_clock set next_fire_at = now(), escalation_step = 0 where workspace_id = ?"
                            + " and kind = 'first_response'")
                    .param(ws.id())
                    .update();
            sweep.sweep(); // the same step again: the outbox's idempotency key keeps it to one post

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (chat.findAll(postRequestedFor(urlEqualTo("/hooks/sla"))).isEmpty() && System.nanoTime() < deadline) {
                deliveries.dispatchDue();
                Thread.sleep(200);
            }
            deliveries.dispatchDue();
            var posts = chat.findAll(postRequestedFor(urlEqualTo("/hooks/sla")));
            assertThat(posts).hasSize(1);
            assertThat(posts.get(0).getBodyAsString())
                    .contains("\"text\":\"Ensivastauksen aika ylittyi")
                    .contains("/conversations/" + conversation);
        } finally {
            chat.stop();
        }
    }

    private List<String> notices(TestWorkspace ws, UUID user) {
        return workspaces
                .owner()
                .sql("select message_key from notification where workspace_id = ? and user_id = ? order by created_at")
                .params(ws.id(), user)
                .query(String.class)
                .list();
    }
}
