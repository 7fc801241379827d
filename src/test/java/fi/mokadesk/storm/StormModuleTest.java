package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.conversation.MessageReceived;
import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.ModuleTestWorkspace;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The storm detector with the modules it declares: customer messages are counted from their events alone. */
@ApplicationModuleTest(extraIncludes = {"channel", "conversation", "database", "notification", "secret", "workspace"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class StormModuleTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    StormCounter counter;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OwnerDataSource owner;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transaction;

    @Test
    void receivedMessagesAreCountedPerSeries() {
        UUID ws = ModuleTestWorkspace.create(owner, "Myrsky Oy");
        // Published inside a transaction of the workspace, as the ingest writer does (some listeners, such as
        // the event webhooks, take part in that transaction).
        for (int i = 0; i < 3; i++) {
            int n = i;
            Tenant.run(
                    ws,
                    () -> transaction.executeWithoutResult(status -> events.publishEvent(new MessageReceived(
                            ws, UUID.randomUUID(), UUID.randomUUID(), "facebook", true, "Hei " + n, Instant.now()))));
        }
        counter.flush();
        long all = Tenant.call(
                ws,
                () -> jdbc.sql("select coalesce(sum(count), 0) from storm_count where series = 'all'")
                        .query(Long.class)
                        .single());
        long facebook = Tenant.call(
                ws,
                () -> jdbc.sql("select coalesce(sum(count), 0) from storm_count where series = 'channel:facebook'")
                        .query(Long.class)
                        .single());
        assertThat(all).isEqualTo(3);
        assertThat(facebook).isEqualTo(3);
    }
}
