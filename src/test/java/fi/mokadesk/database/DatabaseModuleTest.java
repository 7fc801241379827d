package fi.mokadesk.database;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.ModuleTestWorkspace;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The database module alone: the application works as a role that owns nothing, inside one workspace. */
@ApplicationModuleTest
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class DatabaseModuleTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OwnerDataSource owner;

    @Test
    void theApplicationSeesOnlyTheWorkspaceItWorksFor() {
        UUID ws = ModuleTestWorkspace.create(owner, "Tietokanta Oy");
        assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo("mokadesk_app");
        assertThat(jdbc.sql("select count(*) from workspace_directory")
                        .query(Long.class)
                        .single())
                .isZero();
        long seen = Tenant.call(
                ws,
                () -> jdbc.sql("select count(*) from workspace_directory where id = ?")
                        .param(ws)
                        .query(Long.class)
                        .single());
        assertThat(seen).isEqualTo(1);
    }
}
