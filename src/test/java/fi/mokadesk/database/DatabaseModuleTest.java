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

    @Test
    void aTableThatDoubledSinceItsStatisticsIsAnalysedAndOneThatGrewLessIsLeftToAutovacuum() throws Exception {
        JdbcClient asOwner = JdbcClient.create(owner);
        asOwner.sql("drop table if exists fresh_statistics_probe").update();
        // autovacuum left out: its own analysis of the probe between an insert and the check below would reset
        // the counts the check reads (seen once in a full build: 0 changes instead of 1,500)
        asOwner.sql("create table fresh_statistics_probe (n int) with (autovacuum_enabled = false)")
                .update();
        asOwner.sql("insert into fresh_statistics_probe select generate_series(1, 1500)")
                .update();
        FreshStatistics statistics = new FreshStatistics(owner);

        assertThat(changesSinceAnalysis(asOwner)).isEqualTo(1500);
        assertThat(statistics.refresh()).contains("public.fresh_statistics_probe");
        assertThat(asOwner.sql("select reltuples from pg_class where relname = 'fresh_statistics_probe'")
                        .query(Double.class)
                        .single())
                .isEqualTo(1500.0);

        asOwner.sql("insert into fresh_statistics_probe select generate_series(1, 900)")
                .update();
        assertThat(changesSinceAnalysis(asOwner)).isEqualTo(900);
        assertThat(statistics.refresh()).doesNotContain("public.fresh_statistics_probe");
        asOwner.sql("drop table fresh_statistics_probe").update();
    }

    /**
     * The server publishes a session's counts when a transaction ends at least a second after its last report,
     * or after ten seconds idle: waits until they arrived (up to 30 s).
     */
    private static long changesSinceAnalysis(JdbcClient asOwner) throws InterruptedException {
        long changes = 0;
        for (int i = 0; i < 300 && changes == 0; i++) {
            changes = asOwner.sql("select n_mod_since_analyze from pg_stat_user_tables"
                            + " where relname = 'fresh_statistics_probe'")
                    .query(Long.class)
                    .optional()
                    .orElse(0L);
            if (changes == 0) Thread.sleep(100);
        }
        return changes;
    }
}
