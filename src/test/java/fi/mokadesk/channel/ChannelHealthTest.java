package fi.mokadesk.channel;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The scheduled health check: a channel that broke shows it on the channels page, and only a change is stored. */
class ChannelHealthTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    ChannelHealthCheck check;

    @Test
    void aChannelWhoseWebhookAddressWentMissingTurnsToWarningOnceAndTheAutomationIsAudited() {
        TestWorkspace ws = workspaces.create("Terveys Oy");
        Api admin = api(ws.adminToken());
        JsonNode created = admin.postJson(
                        "/api/v1/channels",
                        Map.of(
                                "type",
                                "api",
                                "name",
                                "CRM",
                                "settings",
                                Map.of("webhookUrl", "https://hooks.example.com/mokadesk")))
                .json();
        String id = created.get("id").asString();
        assertThat(created.get("status").asString()).isEqualTo("ok");
        JsonNode disabled = admin.postJson(
                        "/api/v1/channels",
                        Map.of(
                                "type",
                                "api",
                                "name",
                                "Vanha",
                                "settings",
                                Map.of("webhookUrl", "https://old.example.com")))
                .json();
        admin.post("/api/v1/channels/" + disabled.get("id").asString() + "/disable", "{}");

        // Nothing changed: the check writes nothing.
        check.checkAll();
        JsonNode unchanged = admin.get("/api/v1/channels/" + id).json();
        assertThat(unchanged.get("status").asString()).isEqualTo("ok");
        assertThat(unchanged.get("statusSince").asString())
                .isEqualTo(created.get("statusSince").asString());
        assertThat(healthEntries(ws)).isEmpty();

        // The address disappears behind the desk's back (as a platform's token would expire).
        workspaces
                .owner()
                .sql("update channel set settings = settings - 'webhookUrl' where workspace_id = ? and type = 'api'")
                .param(ws.id())
                .update();
        assertThat(check.checkAll()).isGreaterThanOrEqualTo(1);
        JsonNode warned = admin.get("/api/v1/channels/" + id).json();
        assertThat(warned.get("status").asString()).isEqualTo("warning");
        assertThat(warned.get("statusMessage").asString()).contains("No webhook URL for replies");
        assertThat(warned.get("statusSince").asString())
                .isNotEqualTo(created.get("statusSince").asString());
        List<Map<String, Object>> audited = healthEntries(ws);
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0))
                .containsEntry("actor_type", "system")
                .containsEntry("actor_name", ChannelHealthCheck.ACTOR)
                .containsEntry("entity_id", id);
        assertThat((String) audited.get(0).get("new_value")).contains("warning");

        // Asked again, the same answer is not stored again; the disabled channel is never asked.
        check.checkAll();
        assertThat(admin.get("/api/v1/channels/" + id).json().get("statusSince").asString())
                .isEqualTo(warned.get("statusSince").asString());
        assertThat(healthEntries(ws)).hasSize(1);
        assertThat(admin.get("/api/v1/channels/" + disabled.get("id").asString())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ok");
    }

    private List<Map<String, Object>> healthEntries(TestWorkspace ws) {
        return workspaces.owner().sql("""
                        select actor_type, actor_name, entity_id, new_value from audit_entry
                         where workspace_id = ? and action = 'channel.health' order by seq
                        """).param(ws.id()).query().listOfRows();
    }
}
