package fi.mokadesk.channel;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.support.ModuleTestWorkspace;
import fi.mokadesk.workspace.Access;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** Channels with the modules they declare: an admin adds an api channel, the addition is audited. */
@ApplicationModuleTest(extraIncludes = {"conversation", "database", "notification", "secret", "workspace"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class ChannelModuleTest {

    @Autowired
    Channels channels;

    @Autowired
    OwnerDataSource owner;

    @Test
    void anAddedChannelIsAuditedAndHealthy(Scenario scenario) {
        UUID ws = ModuleTestWorkspace.create(owner, "Kanava Oy");
        Access.runAs(
                Access.system(ws, "module-test"),
                () -> scenario.stimulate(() -> channels.create(
                                "api", "CRM", Map.of("webhookUrl", "https://hooks.example.com/mokadesk")))
                        .andWaitForEventOfType(Audited.class)
                        .matching(a -> a.action().equals("channel.created"))
                        .toArriveAndVerify(a -> assertThat(((Channels.ChannelView) a.newValue()).status())
                                .isEqualTo("ok")));
    }
}
