package fi.mokadesk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.storm.ExampleStorm;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import fi.mokadesk.workspace.DeskInitialized;
import fi.mokadesk.workspace.Workspaces;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A newcomer's first start: the admin lands in the demo workspace (not the empty first one), and its storms
 * page shows what an alarm looks like. The demo is filled here as on a first start (the tests' desk starts
 * without it).
 */
class DemoWorkspaceTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    Workspaces desk;

    @Autowired
    Conversations conversations;

    @Autowired
    ExampleStorm storm;

    @Test
    void theFirstAdminLandsInTheDemoWorkspaceWhichHasAStormToLookAt() {
        TestWorkspace first = workspaces.create("Ensimmäinen työtila");
        new DemoWorkspace(desk, conversations, storm, true).on(new DeskInitialized(first.id(), first.adminId()));

        FormSession admin = new FormSession(port);
        admin.signIn(first.adminEmail(), first.password());
        String inbox = admin.get("/inbox").body();
        assertThat(inbox).contains("selected=\"selected\">Demo: Kahvila Kuppi</option>");
        assertThat(inbox).contains("Jari Mäkinen").contains("Pekka Virtanen");

        String storms = admin.get("/storms").body();
        assertThat(storms).contains("kakku");
        var data = Api.JSON.readTree(
                admin.get("/storms/data?series=negative&hours=48").body());
        assertThat(data.get("storms")).hasSize(1);
        assertThat(data.get("points").size()).isGreaterThan(500);

        // Once the person chooses the first workspace, they stay there.
        admin.post("/workspace", java.util.Map.of("workspaceId", first.id().toString()));
        assertThat(admin.get("/inbox").body()).contains("selected=\"selected\">Ensimmäinen työtila</option>");
    }
}
