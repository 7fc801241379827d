package fi.mokadesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.support.ModuleTestWorkspace;
import fi.mokadesk.workspace.Access;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Conversations with only what they declare (database, workspace, kernel): a customer message is stored once,
 * a re-delivery changes nothing, and the inbox shows it; no analysis, channel or storm module is needed.
 */
@ApplicationModuleTest(extraIncludes = {"database", "workspace"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class ConversationModuleTest {

    @Autowired
    Conversations conversations;

    @Autowired
    OwnerDataSource owner;

    @Test
    void aCustomerMessageIsStoredOnceAndShownInTheInbox() {
        UUID ws = ModuleTestWorkspace.create(owner, "Keskustelu Oy");
        Access.runAs(Access.system(ws, "module-test"), () -> {
            InboundMessage message = new InboundMessage(
                    "api", "m-1", null, "Asiakas", null, null, null, "Hei, missä tilaus?", false, null);
            Ingested first = conversations.ingest(message);
            Ingested again = conversations.ingest(message);
            assertThat(first.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.messageId()).isEqualTo(first.messageId());
            assertThat(conversations.list(Views.Filter.none(), null, 10).items())
                    .singleElement()
                    .satisfies(c -> assertThat(c.preview()).isEqualTo("Hei, missä tilaus?"));
        });
    }
}
