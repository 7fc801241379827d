package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Prometheus figures cover every workspace of the node, so only the operator reads them: an admin
 * token of the first workspace (here the bootstrap token) or the metrics token.
 */
class MetricsAccessTest extends DeskTest {

    static final String OPERATOR_ADMIN = "test-bootstrap-token";

    @Autowired
    TestWorkspaces workspaces;

    @Test
    void theOperatorsAdminTokenAndTheMetricsTokenReadTheMetrics() {
        Api.Response operator = api(OPERATOR_ADMIN).get("/actuator/prometheus");
        assertThat(operator.status()).isEqualTo(200);
        assertThat(operator.body()).contains("jvm_memory_used_bytes");
        assertThat(api("test-metrics-token").get("/actuator/prometheus").status())
                .isEqualTo(200);
    }

    @Test
    void everyOtherRoleOfTheOperatorsWorkspaceIsRefused() {
        Api operator = api(OPERATOR_ADMIN);
        for (String role : new String[] {"lead", "agent", "viewer"}) {
            Api.Response issued =
                    operator.postJson("/api/v1/workspace/tokens", Map.of("name", "metrics as " + role, "role", role));
            assertThat(issued.status()).as(role).isEqualTo(201);
            Api.Response refused = api(issued.json().get("secret").asString()).get("/actuator/prometheus");
            assertThat(refused.status()).as(role).isEqualTo(403);
            assertThat(refused.body()).as(role).contains("operator").doesNotContain("jvm_");
        }
    }

    @Test
    void anotherWorkspacesAdminAndItsOtherRolesAreRefused() {
        TestWorkspace foreign = workspaces.create("Vieras Oy");
        for (String token : new String[] {foreign.adminToken(), foreign.agentToken(), foreign.viewerToken()}) {
            Api.Response refused = api(token).get("/actuator/prometheus");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("jvm_");
        }
        // The same admin token still works for its own workspace's API.
        assertThat(api(foreign.adminToken()).get("/api/v1/workspace").status()).isEqualTo(200);
    }

    @Test
    void withoutAValidTokenTheAnswerIs401() {
        assertThat(api(null).get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api("not-a-token").get("/actuator/prometheus").status()).isEqualTo(401);
    }
}
