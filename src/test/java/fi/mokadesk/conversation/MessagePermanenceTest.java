package fi.mokadesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A customer message is never deleted or rewritten, whoever asks. */
class MessagePermanenceTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    JdbcClient jdbc;

    @Test
    void neitherTheApplicationNorTheOwnerCanDeleteOrRewriteAMessage() {
        TestWorkspace ws = workspaces.create("Permanent Oy");
        api(ws.agentToken()).post("/api/v1/messages", "{\"externalId\":\"p1\",\"text\":\"Alkuperäinen teksti\"}");

        assertThatThrownBy(() -> Tenant.run(
                        ws.id(), () -> jdbc.sql("delete from message").update()))
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> Tenant.run(
                        ws.id(),
                        () -> jdbc.sql("update message set body = 'muutettu'").update()))
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> workspaces
                        .owner()
                        .sql("delete from message where workspace_id = ?")
                        .param(ws.id())
                        .update())
                .rootCause()
                .hasMessageContaining("never deleted");
        assertThatThrownBy(() -> workspaces
                        .owner()
                        .sql("update message set body = 'muutettu' where workspace_id = ?")
                        .param(ws.id())
                        .update())
                .rootCause()
                .hasMessageContaining("immutable");
        assertThatThrownBy(
                        () -> workspaces.owner().sql("truncate message cascade").update())
                .rootCause()
                .hasMessageContaining("not allowed");

        String body = workspaces
                .owner()
                .sql("select body from message where workspace_id = ?")
                .param(ws.id())
                .query(String.class)
                .single();
        assertThat(body).isEqualTo("Alkuperäinen teksti");
    }
}
