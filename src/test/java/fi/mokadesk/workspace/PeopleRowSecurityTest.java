package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * People tables are protected like tenant tables: as the application's database role, with SQL that
 * filters nothing, another workspace's people, every password hash and other people's memberships stay
 * out of reach.
 */
class PeopleRowSecurityTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void theApplicationRoleSeesOnlyItsOwnWorkspacesPeopleAndNoPasswordHash() {
        TestWorkspace a = workspaces.create("Ihmiset A");
        TestWorkspace b = workspaces.create("Ihmiset B");

        List<String> seenFromB = Tenant.call(
                b.id(),
                () -> jdbc.sql("select email from app_user").query(String.class).list());
        assertThat(seenFromB).contains(b.adminEmail(), b.agentEmail()).doesNotContain(a.adminEmail(), a.agentEmail());
        assertThat(jdbc.sql("select count(*) from app_user").query(Long.class).single())
                .as("no workspace, nobody")
                .isZero();

        for (String sql : new String[] {
            "select * from app_user", "select password_hash from app_user", "select * from sign_in_failure"
        }) {
            assertThatThrownBy(() ->
                            Tenant.call(b.id(), () -> jdbc.sql(sql).query().listOfRows()))
                    .as(sql)
                    .isInstanceOf(DataAccessException.class)
                    .hasStackTraceContaining("permission denied");
        }
    }

    @Test
    void theApplicationRoleCannotChangeAccountsOrAddMembershipsDirectly() {
        TestWorkspace a = workspaces.create("Muutos A");
        TestWorkspace b = workspaces.create("Muutos B");
        assertThatThrownBy(() -> Tenant.call(
                        b.id(),
                        () -> jdbc.sql(
                                        "update app_user set display_name = 'Kaapattu', password_hash = 'x' where id = ?")
                                .param(a.adminId())
                                .update()))
                .isInstanceOf(DataAccessException.class)
                .hasStackTraceContaining("permission denied");
        // Not even one's own hash: passwords change only through the checked functions.
        assertThatThrownBy(() -> Tenant.call(
                        b.id(),
                        () -> transaction.execute(status -> {
                            ActingPerson.set(jdbc, b.adminId());
                            return jdbc.sql("update app_user set password_hash = 'x' where id = ?")
                                    .param(b.adminId())
                                    .update();
                        })))
                .isInstanceOf(DataAccessException.class)
                .hasStackTraceContaining("permission denied");
        // Joining a workspace needs an accepted invitation.
        assertThatThrownBy(() -> Tenant.call(
                        b.id(),
                        () -> jdbc.sql("insert into membership (workspace_id, user_id, role) values (?, ?, 'admin')")
                                .params(b.id(), a.agentId())
                                .update()))
                .isInstanceOf(DataAccessException.class);
        String name = workspaces
                .owner()
                .sql("select display_name from app_user where id = ?")
                .param(a.adminId())
                .query(String.class)
                .single();
        assertThat(name).isNotEqualTo("Kaapattu");
    }

    @Test
    void membershipsOfAnswersOnlyForThePersonTheTransactionActsFor() {
        TestWorkspace a = workspaces.create("Jäsenyys A");
        TestWorkspace b = workspaces.create("Jäsenyys B");
        String sql = "select workspace_name from memberships_of(?)";

        assertThat(jdbc.sql(sql).param(a.adminId()).query(String.class).list())
                .as("nobody set")
                .isEmpty();
        List<String> asSomeoneElse = transaction.execute(status -> {
            ActingPerson.set(jdbc, b.adminId());
            return jdbc.sql(sql).param(a.adminId()).query(String.class).list();
        });
        assertThat(asSomeoneElse).isEmpty();
        List<String> asThemselves = transaction.execute(status -> {
            ActingPerson.set(jdbc, a.adminId());
            return jdbc.sql(sql).param(a.adminId()).query(String.class).list();
        });
        assertThat(asThemselves).containsExactly("Jäsenyys A");
    }

    @Test
    void signInLookupGivesOnlyTheAccountAskedFor() {
        TestWorkspace a = workspaces.create("Haku A");
        List<UUID> found = jdbc.sql("select id from sign_in_lookup(?)")
                .param(a.agentEmail().toUpperCase())
                .query(UUID.class)
                .list();
        assertThat(found).containsExactly(a.agentId());
        assertThat(jdbc.sql("select count(*) from sign_in_lookup('%')")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void invitationsAreIsolatedByWorkspace() {
        TestWorkspace a = workspaces.create("Kutsu A");
        TestWorkspace b = workspaces.create("Kutsu B");
        api(a.adminToken()).post("/api/v1/workspace/members", "{\"email\":\"salainen.kutsu@example.fi\"}");
        long seenByB = Tenant.call(
                b.id(),
                () -> jdbc.sql("select count(*) from invitation where email = 'salainen.kutsu@example.fi'")
                        .query(Long.class)
                        .single());
        assertThat(seenByB).isZero();
        assertThat(api(b.adminToken()).get("/api/v1/workspace/invitations").body())
                .doesNotContain("salainen.kutsu");
    }
}
