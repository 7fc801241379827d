package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Inviting tells the admin nothing about other workspaces, and nobody joins without accepting. */
class InvitationTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    static final Pattern NOTICE = Pattern.compile("<div class=\"notice\" role=\"status\">(.*?)</div>", Pattern.DOTALL);

    @Test
    void invitingAnEmailWithAnAccountElsewhereAnswersExactlyLikeANewEmailAndAddsNobody() {
        TestWorkspace other = workspaces.create("Toinen Oy");
        TestWorkspace ws = workspaces.create("Kutsuva Oy");
        Api admin = api(ws.adminToken());

        Api.Response existing = admin.post(
                "/api/v1/workspace/members", "{\"email\":\"" + other.agentEmail() + "\",\"role\":\"agent\"}");
        Api.Response fresh = admin.post(
                "/api/v1/workspace/members", "{\"email\":\"ihan.uusi-" + tag() + "@example.fi\",\"role\":\"agent\"}");

        assertThat(existing.status()).isEqualTo(fresh.status()).isEqualTo(201);
        assertThat(fieldsOf(existing.json())).isEqualTo(fieldsOf(fresh.json()));
        assertThat(existing.json().get("mailed").asBoolean())
                .isEqualTo(fresh.json().get("mailed").asBoolean());
        String otherName = "Agentti " + other.agentEmail().substring(6, 14);
        assertThat(existing.body())
                .doesNotContain(otherName)
                .doesNotContain(other.agentId().toString());
        // Nobody was added: the person is only invited.
        assertThat(admin.get("/api/v1/workspace/members").body())
                .doesNotContain(other.agentEmail())
                .doesNotContain(otherName);
        assertThat(admin.get("/api/v1/workspace/invitations").body()).contains(other.agentEmail());

        // The admin's page says the same for both, without the other workspace's display name.
        FormSession page = new FormSession(port, "192.0.2.101");
        page.signIn(ws.adminEmail(), ws.password());
        page.get("/admin/users?lang=en");
        String afterExisting = notice(
                page.get(page.post("/admin/users", invite(other.agentEmail())).location())
                        .body());
        String afterNew = notice(page.get(page.post("/admin/users", invite("toinen.uusi-" + tag() + "@example.fi"))
                        .location())
                .body());
        assertThat(afterExisting).contains("Invitation created for").doesNotContain(otherName);
        assertThat(afterExisting.replaceAll("\\S+@\\S+|https?://\\S+", "_"))
                .isEqualTo(afterNew.replaceAll("\\S+@\\S+|https?://\\S+", "_"));
    }

    @Test
    void aNewPersonJoinsOnlyByAcceptingAndTheLinkWorksOnce() {
        TestWorkspace ws = workspaces.create("Uusi Tiimi Oy");
        String email = "tuleva-" + tag() + "@example.fi";
        JsonNode issued = api(ws.adminToken())
                .post("/api/v1/workspace/members", "{\"email\":\"" + email + "\",\"role\":\"lead\"}")
                .json();
        String link = issued.get("link").asString();
        assertThat(link).startsWith("http://localhost:" + port + "/invitations/");
        assertThat(api(ws.adminToken()).get("/api/v1/workspace/members").body()).doesNotContain(email);

        FormSession invitee = new FormSession(port, "192.0.2.102");
        FormSession.Page opened = invitee.get(link + "?lang=en");
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.text()).contains("Uusi Tiimi Oy").contains(email);

        FormSession.Page tooShort = invitee.post(
                path(link), Map.of("displayName", "Tuleva", "newPassword", "lyhyt", "repeatPassword", "lyhyt"));
        assertThat(invitee.get(tooShort.location()).text()).contains("at least 10 characters");
        FormSession.Page accepted = invitee.post(
                path(link),
                Map.of(
                        "displayName",
                        "Tuleva Tiimiläinen",
                        "newPassword",
                        "oma hyvä salasana",
                        "repeatPassword",
                        "oma hyvä salasana"));
        assertThat(accepted.location()).endsWith("/inbox");
        FormSession.Page inbox = invitee.get("/inbox?lang=en");
        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.text()).contains("Uusi Tiimi Oy");

        assertThat(api(ws.adminToken()).get("/api/v1/workspace/members").body())
                .contains(email)
                .contains("Tuleva Tiimiläinen")
                .contains("\"role\":\"LEAD\"");
        assertThat(new FormSession(port, "192.0.2.103")
                        .signIn(email, "oma hyvä salasana")
                        .text())
                .contains("Uusi Tiimi Oy");

        FormSession again = new FormSession(port, "192.0.2.104");
        assertThat(again.peek(path(link)).status()).isEqualTo(410);
        assertThat(audited(ws.id(), "user.invited")).isEqualTo(1);
        assertThat(audited(ws.id(), "invitation.accepted")).isEqualTo(1);
    }

    @Test
    void someoneWithAnAccountSignsInAndAccepts() {
        TestWorkspace home = workspaces.create("Koti Oy");
        TestWorkspace ws = workspaces.create("Vieras Oy");
        String link = api(ws.adminToken())
                .post(
                        "/api/v1/workspace/members",
                        "{\"email\":\"" + home.agentEmail().toUpperCase() + "\"}")
                .json()
                .get("link")
                .asString();

        FormSession person = new FormSession(port, "192.0.2.105");
        assertThat(person.get(path(link) + "?lang=en").text()).contains("Sign in to accept");
        FormSession.Page afterSignIn = person.signIn(home.agentEmail(), home.password());
        assertThat(afterSignIn.text()).contains("Accept the invitation");
        assertThat(api(ws.adminToken()).get("/api/v1/workspace/members").body()).doesNotContain(home.agentEmail());

        assertThat(person.post(path(link), Map.of()).location()).endsWith("/inbox");
        assertThat(api(ws.adminToken()).get("/api/v1/workspace/members").body()).contains(home.agentEmail());
        assertThat(person.get("/inbox").text()).contains("Vieras Oy");
    }

    @Test
    void aRevokedInvitationCannotBeAccepted() {
        TestWorkspace ws = workspaces.create("Peruva Oy");
        JsonNode issued = api(ws.adminToken())
                .post("/api/v1/workspace/members", "{\"email\":\"peruttu-" + tag() + "@example.fi\"}")
                .json();
        assertThat(api(ws.adminToken())
                        .post(
                                "/api/v1/workspace/invitations/"
                                        + issued.get("invitationId").asString() + "/revoke",
                                "")
                        .status())
                .isEqualTo(204);
        assertThat(api(ws.adminToken()).get("/api/v1/workspace/invitations").body())
                .doesNotContain(issued.get("email").asString());
        FormSession invitee = new FormSession(port, "192.0.2.106");
        assertThat(invitee.peek(path(issued.get("link").asString())).status()).isEqualTo(410);
        FormSession.Page tried = invitee.post(
                path(issued.get("link").asString()),
                Map.of("displayName", "X", "newPassword", "salasana123", "repeatPassword", "salasana123"));
        assertThat(tried.status()).isEqualTo(404);
        assertThat(audited(ws.id(), "invitation.revoked")).isEqualTo(1);
    }

    private static Map<String, String> invite(String email) {
        return Map.of("email", email, "displayName", "", "role", "agent");
    }

    private String path(String link) {
        return link.substring(link.indexOf("/invitations/"));
    }

    private long audited(UUID workspace, String action) {
        return workspaces
                .owner()
                .sql("select count(*) from audit_entry where workspace_id = ? and action = ?")
                .params(workspace, action)
                .query(Long.class)
                .single();
    }

    private static TreeSet<String> fieldsOf(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** The text of the notice the admin gets after inviting. */
    private static String notice(String html) {
        Matcher m = NOTICE.matcher(html);
        assertThat(m.find()).as("invitation notice").isTrue();
        return m.group(1).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }
}
