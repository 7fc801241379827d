package fi.mokadesk.listening;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The keyword rules API as a team lead or an integration uses it: rules are created, listed, changed and
 * deleted; bad rules get a 400 naming the field and change nothing; agents may not touch them; and a rule
 * tags the conversations of other channels whose messages mention the brand, so one tag filter finds them.
 */
class KeywordRulesApiTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Test
    void aLeadKeepsRulesAndEveryChangeIsAudited() {
        TestWorkspace ws = workspaces.create("Sääntö Oy");
        Api admin = api(ws.adminToken());
        Api.Response created = admin.postJson(
                "/api/v1/keyword-rules",
                Map.of(
                        "name",
                        "Aroma",
                        "terms",
                        List.of("Kahvila Aroma", "Aroma-kahvila"),
                        "exclude",
                        List.of("aromaterapia"),
                        "channels",
                        "all"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode rule = created.json();
        String id = rule.get("id").asString();
        assertThat(rule.get("channels").asString()).isEqualTo("all");
        assertThat(rule.get("terms").size()).isEqualTo(2);

        assertThat(admin.get("/api/v1/keyword-rules").json().get("rules").size())
                .isEqualTo(1);
        Api.Response changed =
                admin.patch("/api/v1/keyword-rules/" + id, "{\"terms\":[\"Kahvila Aroma\"],\"foldDiacritics\":true}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("terms").size()).isEqualTo(1);
        assertThat(changed.json().get("exclude").get(0).asString()).isEqualTo("aromaterapia");
        assertThat(changed.json().get("foldDiacritics").asBoolean()).isTrue();

        String channel = admin.postJson(
                        "/api/v1/channels",
                        Map.of(
                                "type",
                                "feed",
                                "name",
                                "Palsta",
                                "settings",
                                Map.of("url", "https://palsta.example.fi/rss")))
                .json()
                .get("id")
                .asString();
        Api.Response limited = admin.putJson("/api/v1/keyword-rules/" + id, Map.of("channels", List.of(channel)));
        assertThat(limited.status()).as(limited.body()).isEqualTo(200);
        assertThat(limited.json().get("channels").get(0).asString()).isEqualTo(channel);

        assertThat(admin.delete("/api/v1/keyword-rules/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/keyword-rules/" + id).status()).isEqualTo(404);

        List<String> actions = workspaces
                .owner()
                .sql(
                        "select action from audit_entry where workspace_id = ? and entity_type = 'keyword_rule' order by seq")
                .param(ws.id())
                .query(String.class)
                .list();
        assertThat(actions)
                .containsExactly(
                        "keyword_rule.created", "keyword_rule.updated", "keyword_rule.updated", "keyword_rule.deleted");
    }

    @Test
    void badRulesGetA400NamingTheFieldAndNothingIsStored() {
        TestWorkspace ws = workspaces.create("Virhe Oy");
        Api admin = api(ws.adminToken());
        assertThat(admin.postJson("/api/v1/keyword-rules", Map.of("name", "A", "terms", List.of("Aroma")))
                        .status())
                .isEqualTo(201);
        refused(admin, Map.of("terms", List.of("Aroma")), "name");
        refused(admin, Map.of("name", "B"), "terms");
        refused(admin, Map.of("name", "B", "terms", List.of()), "terms");
        refused(admin, Map.of("name", "B", "terms", "Aroma"), "terms");
        refused(admin, Map.of("name", "B", "terms", List.of("!!!")), "terms[0]");
        refused(admin, Map.of("name", "B", "terms", List.of("Aroma"), "exclude", List.of(7)), "exclude[0]");
        refused(admin, Map.of("name", "a", "terms", List.of("Aroma")), "name");
        refused(admin, Map.of("name", "x".repeat(51), "terms", List.of("Aroma")), "name");
        refused(admin, Map.of("name", "B", "terms", List.of("Aroma"), "colour", "red"), "colour");
        refused(admin, Map.of("name", "B", "terms", List.of("Aroma"), "channels", List.of("not-an-id")), "channels[0]");
        refused(
                admin,
                Map.of(
                        "name",
                        "B",
                        "terms",
                        List.of("Aroma"),
                        "channels",
                        List.of("7f0c1a52-7c4a-4c40-9a52-1f0d1c2e3b4a")),
                "channels[0]");
        refused(admin, Map.of("name", "B", "terms", List.of("Aroma"), "foldDiacritics", "yes"), "foldDiacritics");
        Api.Response broken = admin.post("/api/v1/keyword-rules", "{\"name\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/keyword-rules").json().get("rules").size())
                .isEqualTo(1);

        Api agent = api(ws.agentToken());
        assertThat(agent.postJson("/api/v1/keyword-rules", Map.of("name", "C", "terms", List.of("Aroma")))
                        .status())
                .isEqualTo(403);
        assertThat(agent.get("/api/v1/keyword-rules").status()).isEqualTo(403);
    }

    private static void refused(Api admin, Map<String, Object> body, String field) {
        Api.Response r = admin.postJson("/api/v1/keyword-rules", body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asString()).as(r.body()).isEqualTo(field);
    }

    @Test
    void aRuleTagsMessagesOfOtherChannelsAndDeletingItKeepsTheTags() {
        TestWorkspace ws = workspaces.create("Tunniste Oy");
        Api admin = api(ws.adminToken());
        String id = admin.postJson(
                        "/api/v1/keyword-rules",
                        Map.of("name", "Aroma", "terms", List.of("Kahvila Aroma"), "exclude", List.of("aromaterapia")))
                .json()
                .get("id")
                .asString();
        Api agent = api(ws.agentToken());
        String mention = agent.postJson(
                        "/api/v1/messages",
                        Map.of("externalId", "m-1", "text", "Kävin eilen Kahvila Aromassa, pulla oli kuivaa."))
                .json()
                .get("conversationId")
                .asString();
        String other = agent.postJson(
                        "/api/v1/messages",
                        Map.of("externalId", "m-2", "text", "Aromaterapiaa ja kahvila aromaterapia"))
                .json()
                .get("conversationId")
                .asString();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> agent.get("/api/v1/conversations/" + mention)
                        .json()
                        .get("conversation")
                        .get("tags")
                        .toString()
                        .contains("aroma"));
        JsonNode tagged = agent.get("/api/v1/conversations?tag=aroma").json().get("items");
        assertThat(tagged.size()).isEqualTo(1);
        assertThat(tagged.get(0).get("id").asString()).isEqualTo(mention);
        assertThat(agent.get("/api/v1/conversations/" + other)
                        .json()
                        .get("conversation")
                        .get("tags")
                        .size())
                .isZero();

        assertThat(admin.delete("/api/v1/keyword-rules/" + id).status()).isEqualTo(204);
        assertThat(agent.get("/api/v1/conversations?tag=aroma")
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }
}
