package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Changing a password, an admin's reset with a one-time password, and the operator's way back in. */
class PasswordTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    static final Pattern ONE_TIME = Pattern.compile("id=\"reset-password\"[^>]*>[^<]*: ([A-Za-z0-9_-]+)<");
    static final String NEW = "uusi pitkä salasana";

    @Test
    void everySignedInPersonCanChangeTheirPasswordKnowingTheCurrentOne() {
        TestWorkspace ws = workspaces.create("Vaihto Oy");
        FormSession agent = new FormSession(port, "192.0.2.121");
        agent.signIn(ws.agentEmail(), ws.password());
        assertThat(agent.get("/account/password?lang=en").text()).contains("Current password");

        assertThat(errorAfter(agent, change("väärä salasana", NEW, NEW))).contains("is not your current password");
        assertThat(errorAfter(agent, change(ws.password(), "lyhyt", "lyhyt"))).contains("at least 10 characters");
        assertThat(errorAfter(agent, change(ws.password(), NEW, NEW + "x"))).contains("does not match");

        assertThat(agent.get(agent.post("/account/password", change(ws.password(), NEW, NEW))
                                .location())
                        .text())
                .contains("Password changed.");
        assertThat(signedIn(ws.agentEmail(), ws.password(), "192.0.2.122")).isFalse();
        assertThat(signedIn(ws.agentEmail(), NEW, "192.0.2.123")).isTrue();
        assertThat(audited(ws.id(), "user.password_changed")).isEqualTo(1);
    }

    @Test
    void anAdminResetGivesAOneTimePasswordThatWorksOnceAndForcesANewPassword() {
        TestWorkspace ws = workspaces.create("Nollaus Oy");
        String oneTime = resetByAdmin(ws, ws.agentId());

        FormSession agent = new FormSession(port, "192.0.2.124");
        FormSession.Page landed = agent.signIn(ws.agentEmail(), oneTime);
        assertThat(landed.text()).contains("Choose a new password before you continue");
        assertThat(agent.peek("/inbox").location()).endsWith("/account/password");
        assertThat(agent.peek("/conversations").location()).endsWith("/account/password");
        assertThat(signedIn(ws.agentEmail(), ws.password(), "192.0.2.125"))
                .as("old password")
                .isFalse();
        assertThat(signedIn(ws.agentEmail(), oneTime, "192.0.2.126"))
                .as("the one-time password a second time")
                .isFalse();

        FormSession.Page changed = agent.post("/account/password", Map.of("newPassword", NEW, "repeatPassword", NEW));
        assertThat(changed.location()).endsWith("/inbox");
        assertThat(agent.peek("/inbox").status()).isEqualTo(200);
        assertThat(signedIn(ws.agentEmail(), NEW, "192.0.2.127")).isTrue();
        assertThat(audited(ws.id(), "user.password_reset")).isEqualTo(1);
        assertThat(audited(ws.id(), "user.password_set")).isEqualTo(1);
    }

    @Test
    void anAdminCannotResetSomeoneWhoAlsoWorksInAWorkspaceTheyDoNotAdminister() {
        TestWorkspace mine = workspaces.create("Oma Oy");
        TestWorkspace theirs = workspaces.create("Vieras Oy");
        workspaces
                .owner()
                .sql("insert into membership (workspace_id, user_id, role) values (?, ?, 'agent')")
                .params(mine.id(), theirs.adminId())
                .update();
        FormSession admin = new FormSession(port, "192.0.2.128");
        admin.signIn(mine.adminEmail(), mine.password());
        admin.get("/admin/users?lang=en");
        String answer = admin.get(admin.post("/admin/users/" + theirs.adminId() + "/password", Map.of())
                        .location())
                .text();
        assertThat(answer).contains("also works in a workspace you do not administer");
        assertThat(signedIn(theirs.adminEmail(), theirs.password(), "192.0.2.129"))
                .isTrue();
    }

    @Test
    void theResetPasswordCommandLetsALostFirstAdminBackIn() {
        TestWorkspace ws = workspaces.create("Palautus Oy");
        for (int i = 0; i < 5; i++) signedIn(ws.adminEmail(), "unohtunut " + i, "192.0.2.130");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = ResetPasswordCommand.run(
                    new String[] {"--email", ws.adminEmail().toUpperCase()});
        } finally {
            System.setOut(out);
        }
        assertThat(exit).isZero();
        Matcher m =
                Pattern.compile("One-time password for \\S+: (\\S+)").matcher(printed.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        String oneTime = m.group(1);

        FormSession admin = new FormSession(port, "192.0.2.131");
        assertThat(admin.signIn(ws.adminEmail(), oneTime).text()).contains("Choose a new password");
        admin.post("/account/password", Map.of("newPassword", NEW, "repeatPassword", NEW));
        assertThat(admin.get("/admin/users?lang=en").text()).contains("Users and roles");
        assertThat(ResetPasswordCommand.run(new String[] {"--email", "ei-ole-" + UUID.randomUUID() + "@example.fi"}))
                .isEqualTo(1);
    }

    private String resetByAdmin(TestWorkspace ws, UUID member) {
        FormSession admin = new FormSession(port, "192.0.2.120");
        admin.signIn(ws.adminEmail(), ws.password());
        admin.get("/admin/users?lang=en");
        FormSession.Page page = admin.get(
                admin.post("/admin/users/" + member + "/password", Map.of()).location());
        Matcher m = ONE_TIME.matcher(page.body());
        assertThat(m.find()).as("one-time password shown to the admin").isTrue();
        return m.group(1);
    }

    private boolean signedIn(String email, String password, String address) {
        FormSession session = new FormSession(port, address);
        session.signIn(email, password);
        return session.peek("/inbox").status() == 200;
    }

    private static String errorAfter(FormSession session, Map<String, String> form) {
        return session.get(session.post("/account/password", form).location()).text();
    }

    private static Map<String, String> change(String current, String next, String repeat) {
        return Map.of("currentPassword", current, "newPassword", next, "repeatPassword", repeat);
    }

    private long audited(UUID workspace, String action) {
        return workspaces
                .owner()
                .sql("select count(*) from audit_entry where workspace_id = ? and action = ?")
                .params(workspace, action)
                .query(Long.class)
                .single();
    }
}
