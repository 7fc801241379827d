package fi.mokadesk.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.Views;
import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.support.ModuleTestWorkspace;
import fi.mokadesk.workspace.Access;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Analysis with the modules it declares: a stored customer message is analysed from its MessageReceived event
 * alone, and the conversation follows the MessageAnalyzed event (its inbox summary and the message's labels).
 */
@ApplicationModuleTest(extraIncludes = {"conversation", "database", "workspace"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class AnalysisModuleTest {

    @Autowired
    Conversations conversations;

    @Autowired
    OwnerDataSource owner;

    @Test
    void aStoredComplaintIsAnalysedAndTheConversationShowsItsTone() {
        UUID ws = ModuleTestWorkspace.create(owner, "Analyysi Oy");
        Access access = Access.system(ws, "module-test");
        UUID conversation = Access.callAs(
                access,
                () -> conversations
                        .ingest(new InboundMessage(
                                "api",
                                "a-1",
                                null,
                                "Asiakas",
                                null,
                                null,
                                null,
                                "Tosi huono palvelu, paketti myöhässä jo viikon. Olen todella vihainen!",
                                false,
                                null))
                        .conversationId());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Views.ConversationDetail detail = Access.callAs(access, () -> conversations.get(conversation));
            assertThat(detail.conversation().sentiment()).isEqualTo("negative");
            assertThat(detail.messages().get(0).insight()).isNotNull();
            assertThat(detail.messages().get(0).insight().sentiment()).isEqualTo("negative");
        });
    }
}
