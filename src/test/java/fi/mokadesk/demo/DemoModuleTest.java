package fi.mokadesk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.workspace.DeskInitialized;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** The demo with the modules it declares: a first start gives its admin the café's demo inbox. */
@ApplicationModuleTest(
        extraIncludes = {"channel", "conversation", "database", "notification", "secret", "storm", "workspace"})
@ActiveProfiles({"test", "module"})
@TestPropertySource(properties = "mokadesk.demo=true")
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class DemoModuleTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    OwnerDataSource owner;

    @Test
    void theFirstAdminGetsTheDemoWorkspaceFullOfConversations() {
        JdbcClient sql = JdbcClient.create(owner);
        UUID admin = sql.sql("""
                        insert into app_user (email, display_name, password_hash)
                        values ('demo-' || gen_random_uuid() || '@test.fi', 'Demo Admin', 'x') returning id
                        """).query(UUID.class).single();
        events.publishEvent(new DeskInitialized(UUID.randomUUID(), admin));
        String name = sql.sql("""
                        select w.name from workspace w join membership m on m.workspace_id = w.id
                         where m.user_id = ? and m.role = 'admin'
                        """).param(admin).query(String.class).single();
        long messages = sql.sql("""
                        select count(*) from message where workspace_id in
                            (select workspace_id from membership where user_id = ?) and kind = 'inbound'
                        """).param(admin).query(Long.class).single();
        assertThat(name).isEqualTo("Demo: Kahvila Kuppi");
        assertThat(messages).isEqualTo(DemoWorkspace.LINES.size());
    }
}
