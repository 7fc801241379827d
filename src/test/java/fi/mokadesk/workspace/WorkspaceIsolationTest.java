package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** PostgreSQL itself keeps workspaces apart: even SQL without any workspace filter sees only its own rows. */
class WorkspaceIsolationTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    JdbcClient jdbc;

    @Test
    void queriesThatForgetTheirFilterStillSeeOnlyTheirWorkspace() {
        TestWorkspace a = workspaces.create("Brand A");
        TestWorkspace b = workspaces.create("Brand B");
        String conversationOfA = api(a.agentToken())
                .post("/api/v1/messages", "{\"externalId\":\"secret-1\",\"text\":\"A:n asiakkaan salaisuus\"}")
                .json()
                .get("conversationId")
                .asString();
        api(b.agentToken()).post("/api/v1/messages", "{\"externalId\":\"b-1\",\"text\":\"B:n viesti\"}");

        // Deliberately unfiltered SQL, run as the application role.
        String sql = "select count(*) from message where body like '%salaisuus%'";
        long seenByA = Tenant.call(a.id(), () -> jdbc.sql(sql).query(Long.class).single());
        long seenByB = Tenant.call(b.id(), () -> jdbc.sql(sql).query(Long.class).single());
        long seenByNobody = jdbc.sql(sql).query(Long.class).single();
        assertThat(seenByA).isEqualTo(1);
        assertThat(seenByB).isZero();
        assertThat(seenByNobody).isZero();
        for (String table : new String[] {"conversation", "contact", "contact_identity", "membership", "api_token"}) {
            long rowsOfA = Tenant.call(
                    b.id(),
                    () -> jdbc.sql("select count(*) from " + table + " where workspace_id = ?")
                            .param(a.id())
                            .query(Long.class)
                            .single());
            assertThat(rowsOfA).as(table).isZero();
        }

        // Writing into another workspace is refused by the database too.
        Tenant.run(b.id(), () -> {
            try {
                jdbc.sql("insert into contact (workspace_id, name) values (?, 'intruder')")
                        .param(a.id())
                        .update();
                org.junit.jupiter.api.Assertions.fail("insert into another workspace must fail");
            } catch (org.springframework.dao.DataAccessException expected) {
                assertThat(expected.getMostSpecificCause().getMessage()).contains("row-level security");
            }
        });

        // And through the API, B's token cannot read A's conversation.
        Api.Response peek = api(b.agentToken()).get("/api/v1/conversations/" + conversationOfA);
        assertThat(peek.status()).isEqualTo(404);
        assertThat(api(b.agentToken())
                        .get("/api/v1/conversations?q=salaisuus")
                        .json()
                        .get("items"))
                .isEmpty();
    }
}
