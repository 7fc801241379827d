package fi.mokadesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The inbox search finds what a Finnish speaker means, in the API and the inbox page, and never another
 * workspace's conversations. With a search window of three conversations most searches here use the
 * trigram index; {@code ConversationWorkflowTest} covers the walk through the newest conversations.
 */
@TestPropertySource(properties = "mokadesk.search.window=3")
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class InboxSearchTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    JdbcClient jdbc;

    TestWorkspace ws;
    Api agent;
    String coffee;
    String refund;
    String delivery;
    String invoice;

    @BeforeEach
    void conversations() {
        ws = workspaces.create("Haku Oy");
        agent = api(ws.agentToken());
        coffee = message("k1", "Tilaamani kahvipaketti ei ole vieläkään tullut");
        refund = message("k2", "Haluan hyvityksen rikkinäisestä kannusta");
        delivery = message("k3", "Kiitos nopeasta toimituksesta!");
        invoice = message("k4", "LASKUSSA on virhe, my order was charged twice");
        // Filler that matches none of the searches below, so the newest conversations are not the hits.
        for (int i = 0; i < 6; i++) message("f" + i, "Kysymys numero " + i);
    }

    @Test
    void findsPrefixesCompoundPartsAndInflectedForms() {
        assertThat(search("kahvi")).containsExactly(coffee); // prefix of a compound
        assertThat(search("paketti")).containsExactly(coffee); // compound part
        assertThat(search("tilaus")).containsExactly(coffee); // noun finds the verb form "Tilaamani"
        assertThat(search("hyvitys")).containsExactly(refund); // base form finds "hyvityksen"
        assertThat(search("hyvityksen")).containsExactly(refund); // and the other way round
        assertThat(search("toimitus")).containsExactly(delivery);
        assertThat(search("laskussa")).containsExactly(invoice);
        assertThat(search("lasku")).containsExactly(invoice);
        assertThat(search("charged")).containsExactly(invoice);
        assertThat(search("rikkinäinen")).containsExactly(refund); // "rikkinäisestä"
    }

    @Test
    void ignoresCaseAndNeedsEveryWord() {
        assertThat(search("KAHVI")).containsExactly(coffee);
        assertThat(search("Kahvipaketti")).containsExactly(coffee);
        assertThat(search("hyvitys kannu")).containsExactly(refund);
        assertThat(search("kahvi tullut vieläkään")).containsExactly(coffee);
        assertThat(search("kahvi hyvitys")).isEmpty();
        assertThat(search("zzzharvinainen")).isEmpty();
    }

    @Test
    void repliesAndNotesAreSearchableAsSoonAsTheyAreWritten() {
        agent.post("/api/v1/conversations/" + delivery + "/messages", "{\"type\":\"reply\",\"text\":\"Hyvitämme\"}");
        agent.post(
                "/api/v1/conversations/" + invoice + "/messages",
                "{\"type\":\"note\",\"text\":\"Hyvitetään laskusta puolet\"}");
        // "Hyvitämme" (we refund) is what a Finnish speaker means by "hyvitys" too
        assertThat(search("hyvitys")).containsExactlyInAnyOrder(refund, invoice, delivery);
        assertThat(search("hyvitämme")).containsExactly(delivery);
    }

    @Test
    void searchCombinesWithFiltersAndPagesNewestFirst() {
        message("k5", "Toinen kahvipaketti hukassa");
        String newest = message("k6", "Kolmas kahvipaketti");
        JsonNode first = agent.get("/api/v1/conversations?limit=2&q=kahvi").json();
        assertThat(ids(first.get("items"))).hasSize(2).first().isEqualTo(newest);
        JsonNode second = agent.get("/api/v1/conversations?limit=2&q=kahvi&cursor="
                        + first.get("nextCursor").asString())
                .json();
        assertThat(ids(second.get("items"))).containsExactly(coffee);
        assertThat(second.get("nextCursor").isNull()).isTrue();

        agent.patch("/api/v1/conversations/" + coffee, "{\"status\":\"resolved\"}");
        assertThat(ids(agent.get("/api/v1/conversations?status=resolved&q=kahvi")
                        .json()
                        .get("items")))
                .containsExactly(coffee);
        assertThat(ids(agent.get("/api/v1/conversations?sort=attention&q=paketti")
                        .json()
                        .get("items")))
                .hasSize(3);
    }

    @Test
    void aQueryWithoutAWordOfThreeLettersIsRefusedWithAReason() {
        Api.Response refused = agent.get("/api/v1/conversations?q=" + enc("a ö"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("q");
    }

    @Test
    void lettersOfAnyScriptAreSearchedNotRefused() {
        // Letters outside Latin (Greek, Cyrillic, mathematical letters, Hangul) find nothing here, and must
        // not fail: the index lookup takes whatever Java counts as a letter.
        for (String q : List.of("αβγδ", "ёжик", "\uD835\uDD04\uD835\uDD05\uD835\uDD06", "한국어", "ǅǆǆ")) {
            assertThat(search(q)).as(q).isEmpty();
        }
    }

    @Test
    void theInboxPageSearchesTheSameWay() {
        FormSession person = new FormSession(port);
        person.signIn(ws.agentEmail(), ws.password());
        FormSession.Page page = person.get("/inbox?q=" + enc("tilaus"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("kahvipaketti").doesNotContain("rikkinäisestä kannusta");
    }

    @Test
    void neverReturnsAnotherWorkspacesConversations() {
        TestWorkspace other = workspaces.create("Naapuri Oy");
        Api neighbour = api(other.agentToken());
        String theirs = neighbour
                .post("/api/v1/messages", "{\"externalId\":\"n1\",\"text\":\"Naapurin kahvipaketti ja hyvitys\"}")
                .json()
                .get("conversationId")
                .asString();

        assertThat(search("kahvi")).containsExactly(coffee);
        assertThat(ids(neighbour.get("/api/v1/conversations?q=kahvi").json().get("items")))
                .containsExactly(theirs);
        assertThat(ids(neighbour.get("/api/v1/conversations?q=tilaus").json().get("items")))
                .isEmpty();
        // The index lookup runs with the owner's rights; it must still answer for the current workspace only.
        List<UUID> seenByOther = Tenant.call(
                other.id(),
                () -> jdbc.sql("select id from conversation_matches(array['kahv'])")
                        .query(UUID.class)
                        .list());
        assertThat(seenByOther).containsExactly(UUID.fromString(theirs));
        List<UUID> seenByNobody = jdbc.sql("select id from conversation_matches(array['kahv'])")
                .query(UUID.class)
                .list();
        assertThat(seenByNobody).isEmpty();
    }

    private String message(String externalId, String text) {
        return agent.postJson("/api/v1/messages", Map.of("externalId", externalId, "text", text))
                .json()
                .get("conversationId")
                .asString();
    }

    private List<String> search(String q) {
        Api.Response response = agent.get("/api/v1/conversations?q=" + enc(q));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return ids(response.json().get("items"));
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    private static String enc(String q) {
        return URLEncoder.encode(q, StandardCharsets.UTF_8);
    }
}
