package fi.mokadesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The agent's workspace over real HTTP: the panes htmx asks for, their size, the views column with its
 * counts, saved views (own and shared) and bulk changes.
 */
class WorkspacePagesTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    private static final Pattern ROW = Pattern.compile("<li id=\"c-");

    @Test
    void theListPaneOfFiftyRowsStaysUnderSixtyKilobytes() {
        TestWorkspace ws = workspaces.create("Koko Oy");
        String[] channels = {"facebook", "email", "instagram", "x", "form", "api", "whatsapp", "feed"};
        for (int i = 0; i < 60; i++) {
            String text = "Hei! Tilaukseni numero " + (10_000 + i)
                    + " on myöhässä jo viikon, eikä kukaan vastaa puhelimeen. Kakku piti saada lauantaiksi "
                    + "lapsen syntymäpäiville ja nyt juhlat ovat pilalla. Toivon että hoidatte tämän heti, "
                    + "muuten kerron tästä kaikille tutuilleni ja kirjoitan arvostelun joka paikkaan.";
            var answer = api(ws.agentToken())
                    .postJson(
                            "/api/v1/messages",
                            Map.of(
                                    "channel",
                                    channels[i % channels.length],
                                    "externalId",
                                    "size-" + i,
                                    "author",
                                    Map.of("name", "Asiakas Pitkänimi-Esimerkki " + i),
                                    "text",
                                    text));
            assertThat(answer.status()).isEqualTo(201);
        }
        FormSession agent = new FormSession(port);
        agent.signIn(ws.agentEmail(), ws.password());

        var list = agent.get("/inbox", Map.of("HX-Request", "true", "HX-Target", "list-pane"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(count(list.body())).isEqualTo(50);
        int bytes = list.body().getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("List pane with 50 rows: %d bytes%n", bytes);
        write("list-pane-50-rows.html", list.body());
        assertThat(bytes).isLessThan(60_000);
        assertThat(list.body()).doesNotContain("<html").contains("id=\"filters\"");

        var rows = agent.get("/inbox?channel=facebook", Map.of("HX-Request", "true", "HX-Target", "inbox-rows"));
        assertThat(count(rows.body())).isEqualTo(8);
        assertThat(rows.body()).contains("Kanava: Facebook");
    }

    @Test
    void theViewsColumnCountsAndSavedViewsBelongToTheirOwnerUnlessShared() {
        TestWorkspace ws = workspaces.create("Näkymä Oy");
        for (int i = 0; i < 3; i++) {
            api(ws.agentToken())
                    .postJson(
                            "/api/v1/messages",
                            Map.of(
                                    "channel",
                                    i == 0 ? "instagram" : "email",
                                    "externalId",
                                    "v-" + i,
                                    "author",
                                    Map.of("name", "Asiakas " + i),
                                    "text",
                                    "Kysymys " + i));
        }
        FormSession agent = new FormSession(port);
        agent.signIn(ws.agentEmail(), ws.password());
        String column = agent.get("/inbox/views").body();
        assertThat(viewCount(column, "open")).isEqualTo(3);
        assertThat(viewCount(column, "unassigned")).isEqualTo(3);
        assertThat(viewCount(column, "mine")).isZero();
        assertThat(column).contains("Instagram").contains("Sähköposti");

        var saved = agent.post("/inbox/views?channel=email&status=open", Map.of("name", "Sähköpostit"));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.location()).endsWith("/inbox?status=open&channel=email");
        column = agent.get("/inbox/views").body();
        assertThat(column).contains("Sähköpostit");

        // An agent may not share with the whole workspace; the view is not saved then.
        var refused = agent.post("/inbox/views?channel=x", Map.of("name", "Kaikille", "shared", "true"));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(agent.get("/inbox/views").body()).doesNotContain("Kaikille");

        FormSession admin = new FormSession(port);
        admin.signIn(ws.adminEmail(), ws.password());
        assertThat(admin.get("/inbox/views").body()).doesNotContain("Sähköpostit");
        admin.post("/inbox/views?sentiment=negative", Map.of("name", "Vihaiset", "shared", "true"));
        assertThat(agent.get("/inbox/views").body()).contains("Vihaiset");

        // A saved filter the inbox would refuse is refused here too.
        agent.post("/inbox/views?channel=fax", Map.of("name", "Faksit"));
        assertThat(agent.get("/inbox/views").body()).doesNotContain("Faksit");
    }

    @Test
    void bulkChangesAssignAndTagTheSelectedConversationsTogether() {
        TestWorkspace ws = workspaces.create("Joukko Oy");
        String first = conversation(ws, "b-1");
        String second = conversation(ws, "b-2");
        String third = conversation(ws, "b-3");
        FormSession agent = new FormSession(port);
        agent.signIn(ws.agentEmail(), ws.password());
        agent.get("/inbox");
        var answer = agent.postRaw(
                "/inbox/bulk",
                "ids=" + first + "&ids=" + second + "&setAssignee=me&addTag=takuu&_csrf=" + agent.csrf());
        write("bulk-answer.html", answer.body());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("Muutettu 2 keskustelua");
        for (String id : new String[] {first, second}) {
            var c = api(ws.agentToken())
                    .get("/api/v1/conversations/" + id)
                    .json()
                    .get("conversation");
            assertThat(c.get("assigneeId").asString()).isEqualTo(ws.agentId().toString());
            assertThat(c.get("tags").get(0).asString()).isEqualTo("takuu");
        }
        var untouched = api(ws.agentToken())
                .get("/api/v1/conversations/" + third)
                .json()
                .get("conversation");
        assertThat(untouched.get("assigneeId").isNull()).isTrue();

        var nothing = agent.postRaw("/inbox/bulk", "setAssignee=me&_csrf=" + agent.csrf());
        assertThat(nothing.body()).contains("select at least one conversation");
    }

    @Test
    void aRefreshOfTheListKeepsTheRowsMoreHasLoaded() {
        TestWorkspace ws = workspaces.create("Lista Oy");
        for (int i = 0; i < 62; i++) conversation(ws, "r-" + i);
        FormSession agent = new FormSession(port);
        agent.signIn(ws.agentEmail(), ws.password());
        Map<String, String> rowsPane = Map.of("HX-Request", "true", "HX-Target", "inbox-rows");

        assertThat(count(agent.get("/inbox", rowsPane).body())).isEqualTo(50);
        // The page's script sends how many rows it shows when the list refreshes live after "More".
        String kept = agent.get("/inbox?rows=60", rowsPane).body();
        assertThat(count(kept)).isEqualTo(60);
        assertThat(kept).contains("id=\"more-"); // two more are still there to load
        assertThat(count(agent.get("/inbox?rows=200", rowsPane).body())).isEqualTo(62);
        String refused = agent.get("/inbox?rows=lots", rowsPane).body();
        assertThat(refused).contains("rows must be a number of rows");
        assertThat(count(refused)).isEqualTo(50);
    }

    @Test
    void theCustomerPanelShowsWhatColleaguesNotedAboutTheCustomer() {
        TestWorkspace ws = workspaces.create("Muistiinpano Oy");
        var agentApi = api(ws.agentToken());
        String earlier = sanna(agentApi, "n-1", "Tilaukseni ei tullut perille.");
        String now = sanna(agentApi, "n-2", "Taas myöhässä, mitä ihmettä?");
        var note = agentApi.postJson(
                "/api/v1/conversations/" + earlier + "/messages",
                Map.of("type", "note", "text", "Asiakas toivoo vastaukset sähköpostilla, ei puhelimella."));
        assertThat(note.status()).isEqualTo(201);
        FormSession agent = new FormSession(port);
        agent.signIn(ws.agentEmail(), ws.password());

        String pane = agent.get("/conversations/" + now, Map.of("HX-Request", "true", "HX-Target", "pane"))
                .body();
        String panel = pane.substring(pane.indexOf("id=\"customer\""));
        assertThat(panel)
                .contains("Muistiinpanot asiakkaasta")
                .contains("Asiakas toivoo vastaukset sähköpostilla, ei puhelimella.")
                .contains("href=\"/conversations/" + earlier + "\"")
                .contains("toisessa keskustelussa");
        // In the conversation it was written in, the note needs no link elsewhere.
        String own = agent.get("/conversations/" + earlier, Map.of("HX-Request", "true", "HX-Target", "pane"))
                .body();
        String ownPanel = own.substring(own.indexOf("id=\"customer\""));
        assertThat(ownPanel).contains("Asiakas toivoo vastaukset").doesNotContain("toisessa keskustelussa");
        // A customer nobody noted anything about says so.
        String stranger = conversation(ws, "n-3");
        assertThat(agent.get("/conversations/" + stranger, Map.of("HX-Request", "true", "HX-Target", "pane"))
                        .body())
                .contains("Ei sisäisiä muistiinpanoja");
    }

    /** A conversation of the same customer (the same handle on the API channel), each its own thread. */
    private static String sanna(fi.mokadesk.support.Api api, String externalId, String text) {
        var answer = api.postJson(
                "/api/v1/messages",
                Map.of(
                        "externalId",
                        externalId,
                        "threadKey",
                        "thread-" + externalId,
                        "author",
                        Map.of("name", "Sanna Suora", "handle", "@sanna"),
                        "text",
                        text));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("conversationId").asString();
    }

    private String conversation(TestWorkspace ws, String externalId) {
        return api(ws.agentToken())
                .postJson(
                        "/api/v1/messages",
                        Map.of(
                                "externalId",
                                externalId,
                                "author",
                                Map.of("name", "Asiakas " + externalId),
                                "text",
                                "Apua"))
                .json()
                .get("conversationId")
                .asString();
    }

    /** Keeps what the pane looked like under target/, for a reviewer. */
    private static void write(String name, String html) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "pages");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve(name), html);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int count(String html) {
        Matcher m = ROW.matcher(html);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    private static long viewCount(String column, String key) {
        Matcher m = Pattern.compile("id=\"view-" + key + "\">\\s*<span>[^<]*</span><span class=\"count\">(\\d+)")
                .matcher(column);
        assertThat(m.find()).as("view " + key).isTrue();
        return Long.parseLong(m.group(1));
    }
}
