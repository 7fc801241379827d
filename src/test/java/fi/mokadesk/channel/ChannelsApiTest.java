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
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The channels API: what an admin can set up, what nobody else can, and that secrets stay secret. */
class ChannelsApiTest extends DeskTest {

    private static final String SECRET = "kanavan-salainen-avain-123";

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    Channels channels;

    @Test
    void anAdminCreatesListsChangesDisablesAndEnablesAnApiChannelAndItsSecretNeverComesBack() {
        TestWorkspace ws = workspaces.create("Kanava Oy");
        Api admin = api(ws.adminToken());

        Api.Response created = admin.postJson(
                "/api/v1/channels",
                Map.of(
                        "type",
                        "api",
                        "name",
                        "CRM",
                        "settings",
                        Map.of("webhookUrl", "https://hooks.example.com/mokadesk", "webhookSecret", SECRET)));
        assertThat(created.status()).isEqualTo(201);
        JsonNode channel = created.json();
        String id = channel.get("id").asString();
        assertThat(channel.get("type").asString()).isEqualTo("api");
        assertThat(channel.get("name").asString()).isEqualTo("CRM");
        assertThat(channel.get("status").asString()).isEqualTo("ok");
        assertThat(channel.get("statusSince").isNull()).isFalse();
        assertThat(channel.get("enabled").asBoolean()).isTrue();
        assertThat(channel.get("settings").get("webhookSecret").get("set").asBoolean())
                .isTrue();
        assertThat(created.body()).doesNotContain(SECRET);

        Api.Response list = admin.get("/api/v1/channels");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(id).doesNotContain(SECRET);
        Api.Response one = admin.get("/api/v1/channels/" + id);
        assertThat(one.json().get("settings").get("webhookUrl").asString())
                .isEqualTo("https://hooks.example.com/mokadesk");
        assertThat(one.body()).doesNotContain(SECRET);

        // At rest the secret is ciphertext: the plaintext appears nowhere in the row.
        String raw = workspaces
                .owner()
                .sql("select settings::text from channel where workspace_id = ? and id = ?::uuid")
                .params(ws.id(), id)
                .query(String.class)
                .single();
        assertThat(raw).doesNotContain(SECRET).contains("v1:").contains("hooks.example.com");

        // A change that leaves the secret out (or null) keeps it.
        java.util.HashMap<String, Object> keep = new java.util.HashMap<>();
        keep.put("webhookSecret", null);
        keep.put("webhookUrl", "https://hooks.example.com/v2");
        Api.Response patched = admin.patch(
                "/api/v1/channels/" + id,
                Api.JSON.writeValueAsString(Map.of("name", "CRM (tuotanto)", "settings", keep)));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("name").asString()).isEqualTo("CRM (tuotanto)");
        assertThat(patched.json().get("settings").get("webhookUrl").asString())
                .isEqualTo("https://hooks.example.com/v2");
        assertThat(patched.json()
                        .get("settings")
                        .get("webhookSecret")
                        .get("set")
                        .asBoolean())
                .isTrue();
        String rawAfter = workspaces
                .owner()
                .sql("select settings->>'webhookSecret' from channel where workspace_id = ? and id = ?::uuid")
                .params(ws.id(), id)
                .query(String.class)
                .single();
        assertThat(rawAfter).startsWith("v1:").doesNotContain(SECRET);

        // A secret sealed under another key (a rotated MOKADESK_SECRET_KEY) must be entered again.
        workspaces
                .owner()
                .sql("update channel set settings = jsonb_set(settings, '{webhookSecret}', to_jsonb(?::text))"
                        + " where workspace_id = ? and id = ?::uuid")
                .params("v1:" + java.util.Base64.getEncoder().encodeToString(new byte[40]), ws.id(), id)
                .update();
        Api.Response unreadable = admin.patch("/api/v1/channels/" + id, "{\"name\":\"CRM\"}");
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.json().get("field").asString()).isEqualTo("settings.webhookSecret");
        assertThat(admin.patch(
                                "/api/v1/channels/" + id,
                                "{\"name\":\"CRM (tuotanto)\",\"settings\":{\"webhookSecret\":\"" + SECRET + "\"}}")
                        .status())
                .isEqualTo(200);

        Api.Response disabled = admin.post("/api/v1/channels/" + id + "/disable", "");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        Api.Response enabled = admin.post("/api/v1/channels/" + id + "/enable", "");
        assertThat(enabled.json().get("enabled").asBoolean()).isTrue();

        assertThat(workspaces
                        .owner()
                        .sql("select array_agg(action order by seq)::text from audit_entry where workspace_id = ?"
                                + " and entity_type = 'channel' and entity_id = ?")
                        .params(ws.id(), id)
                        .query(String.class)
                        .single())
                .isEqualTo("{channel.created,channel.updated,channel.updated,channel.disabled,channel.enabled}");
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from audit_entry where workspace_id = ? and (old_value::text like ?"
                                + " or new_value::text like ?)")
                        .params(ws.id(), "%" + SECRET + "%", "%" + SECRET + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aReplyLeavesByTheApiChannelSignedWithItsDecryptedSecretAndNotWhileDisabled() {
        WireMockServer receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        try {
            receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
            TestWorkspace ws = workspaces.create("Lähtevä Oy");
            Api admin = api(ws.adminToken());
            String id = admin.postJson(
                            "/api/v1/channels",
                            Map.of(
                                    "type",
                                    "api",
                                    "name",
                                    "Integraatio",
                                    "settings",
                                    Map.of("webhookUrl", receiver.baseUrl() + "/hook", "webhookSecret", SECRET)))
                    .json()
                    .get("id")
                    .asString();
            Api agent = api(ws.agentToken());
            String conv = agent.post("/api/v1/messages", "{\"externalId\":\"k-1\",\"text\":\"Hei\"}")
                    .json()
                    .get("conversationId")
                    .asString();
            agent.post("/api/v1/conversations/" + conv + "/messages", "{\"text\":\"Moi!\"}");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !receiver.findAll(postRequestedFor(urlEqualTo("/hook")))
                            .isEmpty());
            LoggedRequest sent =
                    receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).get(0);
            assertThat(sent.getHeader("X-Mokadesk-Signature"))
                    .isEqualTo("sha256="
                            + JsonPost.signature(
                                    SECRET, sent.getHeader("X-Mokadesk-Timestamp") + "." + sent.getBodyAsString()));

            admin.post("/api/v1/channels/" + id + "/disable", "");
            String second = agent.post("/api/v1/conversations/" + conv + "/messages", "{\"text\":\"Toinen\"}")
                    .json()
                    .get("messageId")
                    .asString();
            JsonNode delivery = null;
            for (JsonNode m : agent.get("/api/v1/conversations/" + conv).json().get("messages")) {
                if (m.get("id").asString().equals(second)) delivery = m.get("delivery");
            }
            assertThat(delivery.get("state").asString()).isEqualTo("failed");
            assertThat(delivery.get("lastError").asString()).contains("disabled");
        } finally {
            receiver.stop();
        }
    }

    @Test
    void agentsAreRefusedAnotherWorkspacesChannelIsNotFoundAndBadInputNamesTheField() {
        TestWorkspace ws = workspaces.create("Rajat Oy");
        TestWorkspace other = workspaces.create("Naapuri Oy");
        String theirs = api(other.adminToken())
                .postJson(
                        "/api/v1/channels",
                        Map.of("type", "api", "name", "Naapurin", "settings", Map.of("webhookSecret", SECRET)))
                .json()
                .get("id")
                .asString();
        Api admin = api(ws.adminToken());
        Api agent = api(ws.agentToken());

        assertThat(agent.get("/api/v1/channels").status()).isEqualTo(403);
        assertThat(agent.postJson("/api/v1/channels", Map.of("type", "api", "name", "X"))
                        .status())
                .isEqualTo(403);
        assertThat(api(ws.viewerToken()).get("/api/v1/channels/" + theirs).status())
                .isEqualTo(403);

        assertThat(admin.get("/api/v1/channels/" + theirs).status()).isEqualTo(404);
        assertThat(admin.patch("/api/v1/channels/" + theirs, "{\"name\":\"Minun\"}")
                        .status())
                .isEqualTo(404);
        assertThat(admin.post("/api/v1/channels/" + theirs + "/disable", "").status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/channels").body()).doesNotContain(theirs);

        for (Object[] bad : List.of(
                new Object[] {Map.of("name", "Ei tyyppiä"), "type", "required"},
                new Object[] {Map.of("type", "fax", "name", "Faksi"), "type", "api, email"},
                new Object[] {Map.of("type", "x", "name", "X"), "type", "not available yet"},
                new Object[] {Map.of("type", "api", "name", " "), "name", "required"},
                new Object[] {
                    Map.of("type", "api", "name", "A", "settings", Map.of("webhookUrl", "javascript:alert(1)")),
                    "settings.webhookUrl",
                    "http"
                },
                new Object[] {
                    Map.of("type", "api", "name", "A", "settings", Map.of("webhookSecret", "lyhyt")),
                    "settings.webhookSecret",
                    "16"
                },
                new Object[] {
                    Map.of("type", "api", "name", "A", "settings", Map.of("password", "x")),
                    "settings.password",
                    "not a setting"
                })) {
            Api.Response response = admin.postJson("/api/v1/channels", bad[0]);
            assertThat(response.status()).as(bad[0].toString()).isEqualTo(400);
            assertThat(response.json().get("field").asString())
                    .as(bad[0].toString())
                    .isEqualTo(bad[1]);
            assertThat(response.body()).as(bad[0].toString()).contains((String) bad[2]);
        }
        assertThat(admin.post("/api/v1/channels", "{not json").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/channels/not-a-uuid").status()).isEqualTo(400);
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from channel where workspace_id = ?")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theWorkspaceReplyWebhookBecomesItsApiChannel() {
        TestWorkspace ws = workspaces.create("Vanha Oy");
        Api admin = api(ws.adminToken());
        assertThat(admin.putJson(
                                "/api/v1/workspace",
                                Map.of("name", "Vanha Oy", "outboundWebhookUrl", "https://hooks.example.com/old"))
                        .status())
                .isEqualTo(200);
        JsonNode channels = admin.get("/api/v1/channels").json().get("channels");
        assertThat(channels).hasSize(1);
        assertThat(channels.get(0).get("type").asString()).isEqualTo("api");
        assertThat(channels.get(0).get("settings").get("webhookUrl").asString())
                .isEqualTo("https://hooks.example.com/old");
        assertThat(channels.get(0)
                        .get("settings")
                        .get("webhookSecret")
                        .get("set")
                        .asBoolean())
                .isTrue();
        // Once only: a second look finds the same one channel.
        assertThat(admin.get("/api/v1/channels").json().get("channels")).hasSize(1);
    }

    @Test
    void aChannelInErrorShowsItsReasonAndSinceWhenAndIsAuditedOnceForAdmins() {
        TestWorkspace ws = workspaces.create("Virhe Oy");
        Api admin = api(ws.adminToken());
        String id = admin.postJson(
                        "/api/v1/channels",
                        Map.of("type", "api", "name", "CRM", "settings", Map.of("webhookSecret", SECRET)))
                .json()
                .get("id")
                .asString();
        String reason = "Webhook-osoitetta ei voi käyttää / The webhook URL cannot be used";
        for (int i = 0; i < 2; i++) {
            fi.mokadesk.workspace.Access.runAs(
                    fi.mokadesk.workspace.Access.system(ws.id(), "test"),
                    () -> channels.setHealth(java.util.UUID.fromString(id), ChannelAdapter.Health.error(reason)));
        }
        JsonNode channel = admin.get("/api/v1/channels/" + id).json();
        assertThat(channel.get("status").asString()).isEqualTo("error");
        assertThat(channel.get("statusMessage").asString()).isEqualTo(reason);
        assertThat(channel.get("statusSince").isNull()).isFalse();
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from audit_entry where workspace_id = ? and action = 'channel.error'"
                                + " and entity_id = ?")
                        .params(ws.id(), id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aChannelErrorIsPostedOnceToTheWorkspacesAlertChatWhichOnlyAnAdminSets() {
        WireMockServer chat = new WireMockServer(options().dynamicPort());
        chat.start();
        try {
            chat.stubFor(post(urlEqualTo("/alerts")).willReturn(aResponse().withStatus(200)));
            TestWorkspace ws = workspaces.create("Hälytys Oy");
            Api admin = api(ws.adminToken());
            String url = chat.baseUrl() + "/alerts";
            assertThat(admin.get("/api/v1/workspace/alert-chat")
                            .json()
                            .get("url")
                            .isNull())
                    .isTrue();
            Api.Response refused =
                    admin.putJson("/api/v1/workspace/alert-chat", Map.of("url", "ftp://chat.example.fi"));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("url").contains("http or https");
            assertThat(api(ws.agentToken())
                            .putJson("/api/v1/workspace/alert-chat", Map.of("url", url))
                            .status())
                    .isEqualTo(403);
            assertThat(admin.putJson("/api/v1/workspace/alert-chat", Map.of("url", url))
                            .json()
                            .get("url")
                            .asString())
                    .isEqualTo(url);

            String id = admin.postJson(
                            "/api/v1/channels",
                            Map.of("type", "api", "name", "Verkkokauppa", "settings", Map.of("webhookSecret", SECRET)))
                    .json()
                    .get("id")
                    .asString();
            String reason = "Webhook-osoite ei vastaa / The webhook URL does not answer";
            for (int i = 0; i < 2; i++) { // the same outage twice: one post
                fi.mokadesk.workspace.Access.runAs(
                        fi.mokadesk.workspace.Access.system(ws.id(), "test"),
                        () -> channels.setHealth(java.util.UUID.fromString(id), ChannelAdapter.Health.error(reason)));
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !chat.findAll(postRequestedFor(urlEqualTo("/alerts")))
                            .isEmpty());
            List<LoggedRequest> posts = chat.findAll(postRequestedFor(urlEqualTo("/alerts")));
            assertThat(posts).hasSize(1);
            assertThat(posts.get(0).getBodyAsString())
                    .contains("\"text\":\"Kanava ei toimi / Channel failing: Verkkokauppa")
                    .contains(reason)
                    .contains("/admin/channels");
            assertThat(workspaces
                            .owner()
                            .sql(
                                    "select count(*) from audit_entry where workspace_id = ? and action = 'workspace.alert_chat'")
                            .param(ws.id())
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        } finally {
            chat.stop();
        }
    }
}
