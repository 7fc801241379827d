package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.support.ModuleTestWorkspace;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** Workspaces with only the database and the kernel: renaming a workspace is an audited change. */
@ApplicationModuleTest(extraIncludes = {"database"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class WorkspaceModuleTest {

    @Autowired
    Workspaces workspaces;

    @Autowired
    OwnerDataSource owner;

    @Test
    void anAdminRenamesTheWorkspaceAndTheChangeIsAudited(Scenario scenario) {
        UUID ws = ModuleTestWorkspace.create(owner, "Vanha nimi");
        Access.runAs(
                Access.system(ws, "module-test"),
                () -> scenario.stimulate(() -> workspaces.updateSettings("Uusi nimi", null))
                        .andWaitForEventOfType(Audited.class)
                        .matching(a -> a.action().equals("workspace.settings"))
                        .toArriveAndVerify(a -> assertThat(a.entityId()).isEqualTo(ws.toString())));
        assertThat(Access.callAs(
                        Access.system(ws, "module-test"),
                        () -> workspaces.settings().name()))
                .isEqualTo("Uusi nimi");
    }
}
