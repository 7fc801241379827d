package fi.mokadesk.live;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.conversation.ConversationChanged;
import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.support.ModuleTestWorkspace;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** Live updates with the modules they declare: a changed conversation is announced to every node. */
@ApplicationModuleTest(
        extraIncludes = {"channel", "conversation", "database", "notification", "secret", "storm", "workspace"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class LiveModuleTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    OwnerDataSource owner;

    @Test
    void aChangedConversationIsAnnouncedWithPostgresNotify() throws Exception {
        UUID ws = ModuleTestWorkspace.create(owner, "Live Oy");
        UUID conversation = UUID.randomUUID();
        try (Connection listening = owner.getConnection();
                Statement sql = listening.createStatement()) {
            sql.execute("LISTEN " + Announcer.CHANNEL);
            events.publishEvent(new ConversationChanged(ws, conversation, "message"));
            PGConnection pg = listening.unwrap(PGConnection.class);
            List<String> heard = new ArrayList<>();
            long until = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < until && heard.stream().noneMatch(p -> p.contains(conversation.toString()))) {
                PGNotification[] notes = pg.getNotifications(500);
                if (notes != null) for (PGNotification n : notes) heard.add(n.getParameter());
            }
            assertThat(heard).anyMatch(p -> p.contains(conversation.toString()) && p.contains(ws.toString()));
        }
    }
}
