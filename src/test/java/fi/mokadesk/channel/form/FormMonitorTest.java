package fi.mokadesk.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The form health monitor against a real desk: canaries go over HTTP through the public endpoint, never show
 * in the inbox, and an outage (the form's storage refusing submissions) turns the channel to error, offers
 * the alternative contacts, and ends in an outage report with its exact window.
 */
class FormMonitorTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    FormMonitor monitor;

    private static final Map<String, Object> CONTACTS = Map.of(
            "alternativeContacts",
            Map.of("phone", "09 123 4567", "email", "asiakaspalvelu@kahvila.fi", "openingHours", "ma–pe 8–16"));

    private String url(FormSupport.Created form) {
        return "http://localhost:" + port + "/f/" + form.key();
    }

    @Test
    void aCanaryPassesThroughTheRealEndpointAndNeverShowsInTheInboxOrItsCounts() {
        TestWorkspace ws = workspaces.create("Kanarialintu Oy");
        Api admin = api(ws.adminToken());
        FormSupport.Created form = FormSupport.create(
                admin,
                "Lomake",
                Map.of(
                        "fields",
                        Map.of("phone", Map.of("required", true), "consent", Map.of("required", true, "shown", true))));

        FormMonitor.Check check =
                monitor.check(ws.id(), UUID.fromString(form.id())).orElseThrow();
        assertThat(check.ok()).as(check.reason()).isTrue();

        JsonNode checks =
                admin.get("/api/v1/channels/" + form.id() + "/checks").json().get("checks");
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).get("ok").asBoolean()).isTrue();
        assertThat(checks.get(0).get("latencyMs").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(checks.get(0).get("checkedAt").asString()).isNotBlank();

        assertThat(admin.get("/api/v1/conversations").json().get("items")).isEmpty();
        long conversations = workspaces
                .owner()
                .sql("select count(*) from conversation where workspace_id = ?")
                .param(ws.id())
                .query(Long.class)
                .single();
        long messages = workspaces
                .owner()
                .sql("select count(*) from message where workspace_id = ?")
                .param(ws.id())
                .query(Long.class)
                .single();
        assertThat(conversations).isZero();
        assertThat(messages).isZero();
        String state = workspaces
                .owner()
                .sql("select state from form_submission where workspace_id = ? and canary")
                .param(ws.id())
                .query(String.class)
                .single();
        assertThat(state).isEqualTo("checked");
        assertThat(admin.get("/api/v1/channels/" + form.id())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ok");

        // Only admins read a form's health, and only forms have one.
        assertThat(api(ws.agentToken())
                        .get("/api/v1/channels/" + form.id() + "/checks")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void anOutageTurnsTheFormToErrorShowsTheAlternativeContactsAndEndsInAReportWithItsWindow() throws Exception {
        TestWorkspace ws = workspaces.create("Katko Oy");
        Api admin = api(ws.adminToken());
        FormSupport.Created form = FormSupport.create(admin, "Lomake", CONTACTS);
        UUID channel = UUID.fromString(form.id());

        FormMonitor.Check good = monitor.check(ws.id(), channel).orElseThrow();
        assertThat(good.ok()).isTrue();
        assertThat(FormSupport.postJson(
                                url(form),
                                Map.of("name", "Ennen", "email", "ennen@example.fi", "message", "Ennen katkoa"))
                        .status())
                .isEqualTo(201);

        String trigger = "fail_" + channel.toString().replace("-", "");
        workspaces.owner().sql("""
                create function %s() returns trigger language plpgsql as $$
                begin raise exception 'simulated outage of the form storage'; end $$""".formatted(trigger)).update();
        workspaces
                .owner()
                .sql(
                        "create trigger %s before insert on form_submission for each row when (new.channel_id = '%s') execute function %s()"
                                .formatted(trigger, channel, trigger))
                .update();
        FormMonitor.Check failed1;
        FormMonitor.Check failed2;
        try {
            failed1 = monitor.check(ws.id(), channel).orElseThrow();
            assertThat(failed1.ok()).isFalse();
            assertThat(failed1.reason()).contains("503");

            JsonNode status = admin.get("/api/v1/channels/" + form.id()).json();
            assertThat(status.get("status").asString()).isEqualTo("error");
            assertThat(status.get("statusMessage").asString()).contains("The form is not receiving messages");
            OffsetDateTime since =
                    OffsetDateTime.parse(status.get("statusSince").asString());

            // While it fails, the hosted form and the snippet's script offer the other ways to reach the team.
            FormSupport.Answer page = FormSupport.send(url(form), "GET", Map.of(), null);
            assertThat(page.body())
                    .contains("id=\"form-alternatives\"")
                    .contains("09 123 4567")
                    .contains("asiakaspalvelu@kahvila.fi");
            JsonNode state = FormSupport.send(url(form) + "/state", "GET", Map.of(), null)
                    .json();
            assertThat(state.get("failing").asBoolean()).isTrue();
            assertThat(state.get("alternativeContacts").get("phone").asString()).isEqualTo("09 123 4567");
            // A customer who tries now is told so at once, with the contacts, and not told "thank you".
            FormSupport.Answer refused = FormSupport.postJson(
                    url(form), Map.of("name", "Katkolla", "email", "k@example.fi", "message", "Kuuleeko kukaan?"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("60");
            assertThat(refused.json().get("alternativeContacts").get("email").asString())
                    .isEqualTo("asiakaspalvelu@kahvila.fi");

            // The admins find it behind the bell too: one notice for the outage.
            long notices = channelErrorNotices(ws);
            assertThat(notices).isPositive();

            failed2 = monitor.check(ws.id(), channel).orElseThrow();
            assertThat(failed2.ok()).isFalse();
            assertThat(channelErrorNotices(ws)).isEqualTo(notices);
            // Still the same outage: "since" does not move.
            assertThat(OffsetDateTime.parse(admin.get("/api/v1/channels/" + form.id())
                            .json()
                            .get("statusSince")
                            .asString()))
                    .isEqualTo(since);
        } finally {
            workspaces
                    .owner()
                    .sql("drop trigger if exists %s on form_submission".formatted(trigger))
                    .update();
            workspaces
                    .owner()
                    .sql("drop function if exists %s()".formatted(trigger))
                    .update();
        }

        assertThat(FormSupport.postJson(
                                url(form),
                                Map.of("name", "Jälkeen", "email", "jalkeen@example.fi", "message", "Katkon jälkeen"))
                        .status())
                .isEqualTo(201);
        FormMonitor.Check recovered = monitor.check(ws.id(), channel).orElseThrow();
        assertThat(recovered.ok()).isTrue();
        assertThat(admin.get("/api/v1/channels/" + form.id())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ok");
        assertThat(FormSupport.send(url(form), "GET", Map.of(), null).body())
                .doesNotContain("id=\"form-alternatives\"");

        JsonNode outages =
                admin.get("/api/v1/channels/" + form.id() + "/outages").json().get("outages");
        assertThat(outages).hasSize(1);
        JsonNode outage = outages.get(0);
        assertThat(OffsetDateTime.parse(outage.get("lastGoodBefore").asString()).toInstant())
                .isEqualTo(good.checkedAt().toInstant());
        assertThat(OffsetDateTime.parse(outage.get("firstFailed").asString()).toInstant())
                .isEqualTo(failed1.checkedAt().toInstant());
        assertThat(OffsetDateTime.parse(outage.get("lastFailed").asString()).toInstant())
                .isEqualTo(failed2.checkedAt().toInstant());
        assertThat(OffsetDateTime.parse(outage.get("firstGoodAfter").asString()).toInstant())
                .isEqualTo(recovered.checkedAt().toInstant());
        assertThat(outage.get("failedChecks").asInt()).isEqualTo(2);
        JsonNode around = outage.get("submissionsAround");
        assertThat(around).hasSize(2);
        assertThat(around.get(0).get("name").asString()).isEqualTo("Ennen");
        assertThat(around.get(1).get("name").asString()).isEqualTo("Jälkeen");
        assertThat(around.get(1).get("conversationId").isNull()).isFalse();

        JsonNode checks =
                admin.get("/api/v1/channels/" + form.id() + "/checks").json().get("checks");
        assertThat(checks).hasSize(4);
        assertThat(checks.get(0).get("ok").asBoolean()).isTrue();
        assertThat(checks.get(1).get("ok").asBoolean()).isFalse();
    }

    @Test
    void aStoredSubmissionWhoseHandOverFailedIsHandedOverLaterAndNeverTwice() {
        TestWorkspace ws = workspaces.create("Myöhemmin Oy");
        Api admin = api(ws.adminToken());
        FormSupport.Created form = FormSupport.create(admin, "Lomake", Map.of());
        UUID id = UUID.randomUUID();
        // As if the desk stopped between storing and handing over, a minute ago.
        workspaces
                .owner()
                .sql("""
                        insert into form_submission (workspace_id, id, channel_id, received_at, fields, language)
                        values (?, ?, ?::uuid, now() - interval '1 minute', ?::jsonb, 'fi')
                        """)
                .params(
                        ws.id(),
                        id,
                        form.id(),
                        "{\"name\":\"Kesken\",\"email\":\"kesken@example.fi\",\"message\":\"Jäi kesken\"}")
                .update();
        assertThat(admin.get("/api/v1/conversations?channel=form").json().get("items"))
                .isEmpty();
        FormSubmissions submissions = org.springframework.test.util.AopTestUtils.getTargetObject(pending);
        submissions.retryPending(directory);
        submissions.retryPending(directory);
        JsonNode items = admin.get("/api/v1/conversations?channel=form").json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("contactName").asString()).isEqualTo("Kesken");
        assertThat(items.get(0).get("messageCount").asInt()).isEqualTo(1);
    }

    @Test
    void aSubmissionWhoseMessageCannotBeStoredIsKeptPendingAndHandedOverOnceTheDeskRecovers() {
        TestWorkspace ws = workspaces.create("Häiriö Oy");
        Api admin = api(ws.adminToken());
        FormSupport.Created form = FormSupport.create(admin, "Lomake", Map.of());
        var owner = workspaces.owner();
        // The conversation module cannot store this workspace's messages for a while.
        owner.sql("""
                        create function refuse_messages_for_a_while() returns trigger language plpgsql
                        as $$ begin raise exception 'messages cannot be stored right now'; end $$
                        """).update();
        owner.sql("create trigger refuse_messages_for_a_while before insert on message for each row when"
                        + " (new.workspace_id = '" + ws.id() + "') execute function refuse_messages_for_a_while()")
                .update();
        String id;
        try {
            FormSupport.Answer answer = FormSupport.postJson(
                    url(form),
                    Map.of("name", "Sinnikäs", "email", "sinnikas@example.fi", "message", "Viesti häiriön aikana"));
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.json().get("status").asString()).isEqualTo("received");
            id = answer.json().get("id").asString();
            assertThat(owner.sql("select state from form_submission where workspace_id = ? and id = ?::uuid")
                            .params(ws.id(), id)
                            .query(String.class)
                            .single())
                    .isEqualTo("pending");
            assertThat(admin.get("/api/v1/conversations?channel=form").json().get("items"))
                    .isEmpty();
        } finally {
            owner.sql("drop trigger refuse_messages_for_a_while on message").update();
            owner.sql("drop function refuse_messages_for_a_while()").update();
        }
        owner.sql("update form_submission set received_at = now() - interval '1 minute' where id = ?::uuid")
                .param(id)
                .update();
        FormSubmissions submissions = org.springframework.test.util.AopTestUtils.getTargetObject(pending);
        submissions.retryPending(directory);
        JsonNode items = admin.get("/api/v1/conversations?channel=form").json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("contactName").asString()).isEqualTo("Sinnikäs");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> owner.sql("select state from form_submission where id = ?::uuid")
                        .param(id)
                        .query(String.class)
                        .single()
                        .equals("delivered"));
        assertThat(owner.sql("select count(*) from form_submission where workspace_id = ?")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
    }

    @Autowired
    FormSubmissions pending;

    @Autowired
    FormDirectory directory;

    private long channelErrorNotices(TestWorkspace ws) {
        return workspaces
                .owner()
                .sql("select count(*) from notification where workspace_id = ? and kind = 'channel.error'")
                .param(ws.id())
                .query(Long.class)
                .single();
    }
}
