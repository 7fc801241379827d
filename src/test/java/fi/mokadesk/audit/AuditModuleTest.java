package fi.mokadesk.audit;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.support.ModuleTestWorkspace;
import fi.mokadesk.workspace.Access;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit log with the modules it declares: an Audited change becomes an entry of an intact chain. */
@ApplicationModuleTest(extraIncludes = {"channel", "conversation", "database", "notification", "secret", "workspace"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class AuditModuleTest {

    @Autowired
    AuditLog log;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    OwnerDataSource owner;

    @Test
    void anAuditedChangeIsWrittenIntoTheChain() {
        UUID ws = ModuleTestWorkspace.create(owner, "Auditointi Oy");
        Access.runAs(Access.system(ws, "module-test"), () -> {
            transaction.executeWithoutResult(
                    status -> events.publishEvent(new Audited("test.change", "thing", "1", "vanha", "uusi")));
            assertThat(log.recent("thing", "1", 10))
                    .singleElement()
                    .satisfies(e -> assertThat(e.action()).isEqualTo("test.change"));
            assertThat(log.verify().intact()).isTrue();
        });
    }
}
