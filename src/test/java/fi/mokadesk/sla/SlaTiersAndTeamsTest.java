package fi.mokadesk.sla;

import static fi.mokadesk.sla.SlaDeskTest.aroundTheClock;
import static fi.mokadesk.sla.SlaDeskTest.instant;
import static fi.mokadesk.sla.SlaDeskTest.sla;
import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Key accounts and teams on PostgreSQL through the API: a key account's timers get the policy's tighter
 * targets from the moment it is marked (running timers keep theirs), the tier change is audited and bad input
 * is refused with the reason; teams are kept by admins, and the SLA report, its page and CSV count
 * compliance per team by the team of who answered when the timer stopped.
 */
class SlaTiersAndTeamsTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    static UUID write(Api api, Instant receivedAt, String threadKey, String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("threadKey", threadKey);
        body.put("channel", "email");
        body.put("externalId", "tier-" + UUID.randomUUID());
        body.put("author", Map.of("name", "Avainasiakas Oy", "email", email));
        body.put("text", "Tarvitsemme apua tilauksen kanssa.");
        body.put("receivedAt", receivedAt.toString());
        Api.Response r = api.postJson("/api/v1/messages", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.json().path("conversationId").asString());
    }

    static void reply(Api api, UUID conversation) {
        Api.Response r = api.postJson(
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of("type", "reply", "text", "Kiitos viestistä, katsomme asian heti."));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void aKeyAccountsTimersGetTheTighterTargetsFromTheMomentItIsMarked() {
        TestWorkspace ws = workspaces.create("SLA Avainasiakas " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        Map<String, Object> policy = aroundTheClock("Avainasiakkaat puoleen", 60);
        policy.put("keyAccountPercent", 50);
        Api.Response created = admin.postJson("/api/v1/sla/policies", policy);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("keyAccountPercent").asInt()).isEqualTo(50);

        // A share outside 1-100 is refused with the field named, and nothing is stored.
        for (int bad : new int[] {0, 101}) {
            Map<String, Object> wrong = aroundTheClock("Väärä " + bad, 60);
            wrong.put("keyAccountPercent", bad);
            Api.Response refused = admin.postJson("/api/v1/sla/policies", wrong);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("keyAccountPercent");
        }
        assertThat(admin.get("/api/v1/sla/policies").body()).doesNotContain("Väärä");

        // The SLA policies page shows the share, and an admin changes it there: a new version, audited.
        UUID policyKey = UUID.fromString(created.json().path("id").asString());
        FormSession page = new FormSession(port);
        page.signIn(ws.adminEmail(), ws.password());
        assertThat(page.get("/sla/policies").body())
                .contains("Avainasiakkaat puoleen v1")
                .contains("value=\"50\"");
        assertThat(page.post("/sla/policies/" + policyKey + "/key-accounts", Map.of("keyAccountPercent", "200"))
                        .status())
                .isEqualTo(302);
        assertThat(page.get("/sla/policies").body()).contains("Osuuden on oltava kokonaisluku 1–100");
        page.post("/sla/policies/" + policyKey + "/key-accounts", Map.of("keyAccountPercent", "40"));
        page.post("/sla/policies/" + policyKey + "/key-accounts", Map.of("keyAccountPercent", "50"));
        JsonNode current = admin.get("/api/v1/sla/policies/" + policyKey).json();
        assertThat(current.path("version").asInt()).isEqualTo(3);
        assertThat(current.path("keyAccountPercent").asInt()).isEqualTo(50);
        assertThat(page.get("/sla/policies").body()).contains("Avainasiakkaat puoleen v3");

        String email = "avain-" + UUID.randomUUID() + "@example.fi";
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        String thread = "thread-" + UUID.randomUUID();
        UUID running = write(admin, first, thread, email);
        JsonNode before = sla(admin, running);
        assertThat(before.path("tier").asString()).isEqualTo("standard");
        assertThat(instant(before.path("firstResponseDueAt"))).isEqualTo(first.plus(Duration.ofMinutes(60)));

        UUID contact = UUID.fromString(admin.get("/api/v1/conversations/" + running)
                .json()
                .path("conversation")
                .path("contactId")
                .asString());
        String tierPath = "/api/v1/contacts/" + contact + "/tier";
        assertThat(admin.get(tierPath).json().path("tier").asString()).isEqualTo("standard");

        // Bad input: a tier that does not exist, none at all, a customer of no one; an agent may not.
        Api.Response vip = admin.putJson(tierPath, Map.of("tier", "vip"));
        assertThat(vip.status()).isEqualTo(400);
        assertThat(vip.body()).contains("tier").contains("key, standard");
        Api.Response empty = admin.putJson(tierPath, Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("tier");
        assertThat(admin.putJson("/api/v1/contacts/" + UUID.randomUUID() + "/tier", Map.of("tier", "key"))
                        .status())
                .isEqualTo(404);
        assertThat(api(ws.agentToken()).putJson(tierPath, Map.of("tier", "key")).status())
                .isEqualTo(403);
        assertThat(admin.get(tierPath).json().path("tier").asString()).isEqualTo("standard");

        Api.Response marked = admin.putJson(tierPath, Map.of("tier", "key"));
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(marked.json().path("tier").asString()).isEqualTo("key");
        List<Map<String, Object>> audit = workspaces
                .owner()
                .sql("select entity_id, old_value, new_value from audit_entry where workspace_id = ?"
                        + " and action = 'contact.tier'")
                .param(ws.id())
                .query()
                .listOfRows();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("entity_id")).isEqualTo(contact.toString());
        assertThat((String) audit.get(0).get("old_value")).contains("standard");
        assertThat((String) audit.get(0).get("new_value")).contains("key");

        // The running timers keep the tier they started with, like they keep their policy.
        JsonNode kept = sla(admin, running);
        assertThat(kept.path("tier").asString()).isEqualTo("standard");
        assertThat(kept.path("firstResponseDueAt").asString())
                .isEqualTo(before.path("firstResponseDueAt").asString());

        // The key account's new conversation: half of 60 and of 600 minutes.
        Instant later = first.plusSeconds(30);
        UUID keyConversation = write(admin, later, "thread-" + UUID.randomUUID(), email);
        JsonNode key = sla(admin, keyConversation);
        assertThat(key.path("tier").asString()).isEqualTo("key");
        assertThat(instant(key.path("firstResponseDueAt"))).isEqualTo(later.plus(Duration.ofMinutes(30)));
        assertThat(instant(key.path("resolutionDueAt"))).isEqualTo(later.plus(Duration.ofMinutes(300)));

        // Another customer at the same moment keeps the policy's own targets.
        UUID standard =
                write(admin, later, "thread-" + UUID.randomUUID(), "tavallinen-" + UUID.randomUUID() + "@example.fi");
        JsonNode plain = sla(admin, standard);
        assertThat(plain.path("tier").asString()).isEqualTo("standard");
        assertThat(instant(plain.path("firstResponseDueAt"))).isEqualTo(later.plus(Duration.ofMinutes(60)));
        assertThat(instant(plain.path("resolutionDueAt"))).isEqualTo(later.plus(Duration.ofMinutes(600)));

        // In the conversation that started as standard, the next timer starts now and takes the key tier:
        // half of the 30-minute next response.
        reply(admin, running);
        Instant again = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        write(admin, again, thread, email);
        JsonNode next = sla(admin, running);
        assertThat(next.path("tier").asString()).isEqualTo("key");
        assertThat(instant(next.path("nextResponseDueAt"))).isEqualTo(again.plus(Duration.ofMinutes(15)));

        // Back to standard: audited again, and the next conversation has the full targets.
        assertThat(admin.putJson(tierPath, Map.of("tier", "standard")).status()).isEqualTo(200);
        Instant last = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID afterwards = write(admin, last, "thread-" + UUID.randomUUID(), email);
        assertThat(instant(sla(admin, afterwards).path("firstResponseDueAt")))
                .isEqualTo(last.plus(Duration.ofMinutes(60)));
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from audit_entry where workspace_id = ? and action = 'contact.tier'")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void aLeadMarksAKeyAccountInTheCustomerPanel() {
        TestWorkspace ws = workspaces.create("SLA Paneeli " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        UUID conversation = write(
                admin,
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                "thread-" + UUID.randomUUID(),
                "paneeli-" + UUID.randomUUID() + "@example.fi");
        FormSession lead = new FormSession(port);
        lead.signIn(ws.adminEmail(), ws.password());
        String pane = lead.get("/conversations/" + conversation).body();
        assertThat(pane)
                .contains("Tavallinen asiakas")
                .contains("/conversations/" + conversation + "/tier")
                .doesNotContain("key-account");

        FormSession.Page refused = lead.post("/conversations/" + conversation + "/tier", Map.of("tier", "kulta"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("key, standard").doesNotContain("key-account");
        FormSession.Page changed = lead.post("/conversations/" + conversation + "/tier", Map.of("tier", "key"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body()).contains("class=\"tag key-account\"");
        UUID contact = UUID.fromString(admin.get("/api/v1/conversations/" + conversation)
                .json()
                .path("conversation")
                .path("contactId")
                .asString());
        assertThat(admin.get("/api/v1/contacts/" + contact + "/tier")
                        .json()
                        .path("tier")
                        .asString())
                .isEqualTo("key");

        // An agent sees the tier but has no form to change it.
        FormSession agent = new FormSession(port);
        agent.signIn(ws.agentEmail(), ws.password());
        assertThat(agent.get("/conversations/" + conversation).body())
                .contains("key-account")
                .doesNotContain("/conversations/" + conversation + "/tier");
    }

    @Test
    void complianceIsCountedPerTeamOfWhoAnsweredWhenTheTimerStopped() {
        TestWorkspace ws = workspaces.create("SLA Tiimit " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        assertThat(admin.postJson("/api/v1/sla/policies", aroundTheClock("24/7", 60))
                        .status())
                .isEqualTo(201);

        // Teams: kept by admins, validated, audited.
        Api.Response some = admin.postJson(
                "/api/v1/teams",
                Map.of("name", "Some", "members", List.of(ws.agentId().toString())));
        assertThat(some.status()).as(some.body()).isEqualTo(201);
        UUID someId = UUID.fromString(some.json().path("id").asString());
        Api.Response mail = admin.postJson(
                "/api/v1/teams",
                Map.of("name", "Sähköposti", "members", List.of(ws.adminId().toString())));
        assertThat(mail.status()).as(mail.body()).isEqualTo(201);
        Api.Response twice = admin.postJson(
                "/api/v1/teams",
                Map.of("name", "Kolmas", "members", List.of(ws.agentId().toString())));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body()).contains("members[0]").contains("Some");
        Api.Response taken = admin.postJson("/api/v1/teams", Map.of("name", "some"));
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.body()).contains("name").contains("already used");
        assertThat(admin.postJson("/api/v1/teams", Map.of("name", " ")).status())
                .isEqualTo(400);
        Api.Response nul = admin.postJson("/api/v1/teams", Map.of("name", "Tiimi\u0000"));
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).contains("name");
        assertThat(admin.post("/api/v1/teams", "{\"name\": \"Rikki\", \"members\": {}}")
                        .status())
                .isEqualTo(400);
        assertThat(admin.putJson("/api/v1/teams/" + UUID.randomUUID(), Map.of("name", "Ei ole"))
                        .status())
                .isEqualTo(404);
        Api.Response stranger = admin.postJson(
                "/api/v1/teams",
                Map.of("name", "Vieras", "members", List.of(UUID.randomUUID().toString(), "x")));
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.body()).contains("members[0]");
        assertThat(api(ws.agentToken())
                        .postJson("/api/v1/teams", Map.of("name", "Agentin"))
                        .status())
                .isEqualTo(403);
        assertThat(admin.get("/api/v1/teams").json().size()).isEqualTo(2);
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from audit_entry where workspace_id = ? and action = 'team.create'")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        // Answered in time by the social team's agent, late by the email team's admin, in time by nobody's.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID onTime = SlaDeskTest.ingest(admin, "form", now.minusSeconds(10 * 60));
        assign(admin, onTime, ws.agentId());
        reply(admin, onTime);
        UUID late = SlaDeskTest.ingest(admin, "email", now.minusSeconds(90 * 60));
        assign(admin, late, ws.adminId());
        reply(admin, late);
        UUID unassigned = SlaDeskTest.ingest(admin, "email", now.minusSeconds(5 * 60));
        reply(admin, unassigned);

        // The agent leaves the team afterwards: the answer stays the team's.
        Api.Response emptied = admin.putJson("/api/v1/teams/" + someId, Map.of("name", "Some", "members", List.of()));
        assertThat(emptied.status()).as(emptied.body()).isEqualTo(200);
        assertThat(emptied.json().path("members").size()).isZero();

        String from = java.time.LocalDate.now(SlaReport.ZONE).minusDays(1).toString();
        JsonNode report = admin.get("/api/v1/sla/report?from=" + from).json();
        Map<String, long[]> byTeam = new HashMap<>();
        for (JsonNode row : report.path("byTeam")) {
            byTeam.put(
                    row.path("name").isNull() ? "none" : row.path("name").asString(),
                    new long[] {row.path("hit").asLong(), row.path("missed").asLong()});
        }
        assertThat(byTeam).containsOnlyKeys("Some", "Sähköposti", "none");
        assertThat(byTeam.get("Some")).containsExactly(1, 0);
        assertThat(byTeam.get("Sähköposti")).containsExactly(0, 1);
        assertThat(byTeam.get("none")).containsExactly(1, 0);

        String csv = admin.get("/api/v1/sla/report.csv?from=" + from).body();
        assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",team_id,team,tier");
        assertThat(csv.lines()
                        .filter(l -> l.startsWith(onTime.toString()))
                        .findFirst()
                        .orElseThrow())
                .contains(someId.toString())
                .contains("\"Some\"")
                .endsWith(",standard");

        FormSession lead = new FormSession(port);
        lead.signIn(ws.adminEmail(), ws.password());
        String page = lead.get("/sla/report?from=" + from).body();
        assertThat(page)
                .contains("id=\"by-team\"")
                .contains("Some")
                .contains("Sähköposti")
                .contains("Ei tiimiä");

        // The admin page: lists the teams and creates one.
        assertThat(lead.get("/admin/teams").body()).contains("Some").contains("Sähköposti");
        FormSession.Page createdPage = lead.post("/admin/teams", Map.of("name", "Puhelin"));
        assertThat(createdPage.status()).isEqualTo(302);
        assertThat(admin.get("/api/v1/teams").body()).contains("Puhelin");
        lead.post("/admin/teams", Map.of("name", "puhelin"));
        assertThat(lead.get("/admin/teams").body()).contains("Anna tiimille nimi");
    }

    private static void assign(Api api, UUID conversation, UUID person) {
        Api.Response r = api.patch("/api/v1/conversations/" + conversation, "{\"assigneeId\":\"" + person + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
