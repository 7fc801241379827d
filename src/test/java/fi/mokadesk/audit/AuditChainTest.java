package fi.mokadesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class AuditChainTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    JdbcClient jdbc;

    @Test
    void tamperingWithAnEntryIsDetectedAtThatEntry() {
        TestWorkspace ws = workspaces.create("Audit Oy");
        Api agent = api(ws.agentToken());
        Api admin = api(ws.adminToken());
        String conv = agent.post("/api/v1/messages", "{\"externalId\":\"a1\",\"text\":\"Hei\"}")
                .json()
                .get("conversationId")
                .asString();
        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"pending\"}");
        agent.patch("/api/v1/conversations/" + conv, "{\"priority\":\"urgent\"}");
        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"resolved\"}");

        JsonNode intact = admin.get("/api/v1/audit/verify").json();
        assertThat(intact.get("intact").asBoolean()).isTrue();
        assertThat(intact.get("entries").asLong()).isEqualTo(3);
        assertThat(intact.get("firstBrokenId").isNull()).isTrue();

        long second = workspaces
                .owner()
                .sql("select id from audit_entry where workspace_id = ? order by id offset 1 limit 1")
                .param(ws.id())
                .query(Long.class)
                .single();
        // An operator with owner rights edits history behind the application's back.
        workspaces
                .owner()
                .sql("alter table audit_entry disable trigger audit_entry_append_only")
                .update();
        try {
            workspaces
                    .owner()
                    .sql("update audit_entry set new_value = 'low' where workspace_id = ? and id = ?")
                    .params(ws.id(), second)
                    .update();
        } finally {
            workspaces
                    .owner()
                    .sql("alter table audit_entry enable trigger audit_entry_append_only")
                    .update();
        }

        JsonNode broken = admin.get("/api/v1/audit/verify").json();
        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("entries").asLong()).isEqualTo(3);
        assertThat(broken.get("firstBrokenId").asLong()).isEqualTo(second);
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteEntries() {
        TestWorkspace ws = workspaces.create("Append Only Oy");
        String conv = api(ws.agentToken())
                .post("/api/v1/messages", "{\"externalId\":\"a1\",\"text\":\"Hei\"}")
                .json()
                .get("conversationId")
                .asString();
        api(ws.agentToken()).patch("/api/v1/conversations/" + conv, "{\"status\":\"pending\"}");

        assertThatThrownBy(() -> Tenant.run(
                        ws.id(),
                        () -> jdbc.sql("update audit_entry set action = 'x'").update()))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> Tenant.run(
                        ws.id(), () -> jdbc.sql("delete from audit_entry").update()))
                .isInstanceOf(DataAccessException.class);
        // Even the owner is stopped by the trigger.
        assertThatThrownBy(() -> workspaces
                        .owner()
                        .sql("delete from audit_entry where workspace_id = ?")
                        .param(ws.id())
                        .update())
                .rootCause()
                .hasMessageContaining("not allowed");
        assertThat(api(ws.adminToken())
                        .get("/api/v1/audit/verify")
                        .json()
                        .get("entries")
                        .asLong())
                .isEqualTo(1);
    }
}
