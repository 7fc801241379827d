package fi.mokadesk.notification;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.ModuleTestWorkspace;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Actor;
import fi.mokadesk.workspace.Role;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The notification centre with only the modules it declares (database, workspace, kernel): a notice reaches a
 * person once however often it is sent, the bell hears of it through {@link NotificationsCreated}, and the
 * person reads it in their own language with its link.
 */
@ApplicationModuleTest(extraIncludes = {"database", "workspace"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class NotificationModuleTest {

    @Autowired
    Notifications notifications;

    @Autowired
    OwnerDataSource owner;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void aNoticeReachesAPersonOnceAndReadsInTheirLanguage(Scenario scenario) {
        UUID ws = ModuleTestWorkspace.create(owner, "Ilmoitus Moduuli Oy");
        UUID person = person(ws);
        Notifications.Recipient maija = new Notifications.Recipient(person, "maija@kuppi.fi");
        Notifications.Notice notice = new Notifications.Notice(
                "sla.breach", "sla.breach.first_response", List.of("4.12. 10:00"), "/conversations/abc", "clock-1");

        scenario.stimulate(() -> Tenant.call(
                        ws, () -> transaction.execute(status -> notifications.notify(List.of(maija, maija), notice))))
                .andWaitForEventOfType(NotificationsCreated.class)
                .matching(created -> created.workspaceId().equals(ws))
                .toArriveAndVerify((created, told) -> {
                    assertThat(created.userIds()).containsExactly(person);
                    assertThat(told).containsExactly(maija);
                });

        // The same notice again (a second sweep of the same moment): nobody is newly told, nothing is stored.
        List<Notifications.Recipient> again =
                Tenant.call(ws, () -> transaction.execute(status -> notifications.notify(List.of(maija), notice)));
        assertThat(again).isEmpty();

        Access reader =
                new Access(ws, "Ilmoitus Moduuli Oy", Role.AGENT, new Actor(Actor.Type.USER, null, "Maija"), person);
        Access.runAs(reader, () -> {
            assertThat(notifications.unread()).isEqualTo(1);
            List<Notifications.Item> fi = notifications.recent(10, Locale.forLanguageTag("fi"));
            assertThat(fi).singleElement().satisfies(item -> {
                assertThat(item.text()).isEqualTo("Ensivastauksen aika ylittyi (4.12. 10:00)");
                assertThat(item.link()).isEqualTo("/conversations/abc");
            });
            assertThat(notifications.recent(10, Locale.ENGLISH).get(0).text())
                    .isEqualTo("First response overdue (4.12. 10:00)");
            notifications.markRead(null);
            assertThat(notifications.unread()).isZero();
        });
    }

    private UUID person(UUID ws) {
        JdbcClient sql = JdbcClient.create(owner);
        UUID user = sql.sql("insert into app_user (email, display_name, password_hash) values (?, 'Maija', 'x')"
                        + " returning id")
                .param("maija-" + UUID.randomUUID() + "@kuppi.fi")
                .query(UUID.class)
                .single();
        sql.sql("insert into membership (workspace_id, user_id, role) values (?, ?, 'agent')")
                .params(ws, user)
                .update();
        return user;
    }
}
