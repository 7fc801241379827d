package fi.mokadesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ConversationWorkflowTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    TestWorkspace ws;
    Api agent;
    Api admin;

    @BeforeEach
    void workspace() {
        ws = workspaces.create("Workflow Oy");
        agent = api(ws.agentToken());
        admin = api(ws.adminToken());
    }

    @Test
    void agentRepliesNotesAssignsAndResolvesAndEverythingIsAudited() {
        String conv = agent.post("/api/v1/messages", "{\"externalId\":\"m1\",\"text\":\"Laskussa on virhe\"}")
                .json()
                .get("conversationId")
                .asString();

        assertThat(agent.post(
                                "/api/v1/conversations/" + conv + "/messages",
                                "{\"type\":\"reply\",\"text\":\"Korjaamme laskun.\"}")
                        .status())
                .isEqualTo(201);
        assertThat(agent.post(
                                "/api/v1/conversations/" + conv + "/messages",
                                "{\"type\":\"note\",\"text\":\"Tarkista hyvitys\"}")
                        .status())
                .isEqualTo(201);
        JsonNode changed = agent.patch(
                        "/api/v1/conversations/" + conv,
                        "{\"status\":\"resolved\",\"assigneeId\":\"" + ws.agentId()
                                + "\",\"priority\":\"high\",\"tags\":[\"Lasku\"]}")
                .json();
        assertThat(changed.get("status").asString()).isEqualTo("resolved");
        assertThat(changed.get("assigneeId").asString()).isEqualTo(ws.agentId().toString());
        assertThat(changed.get("tags").get(0).asString()).isEqualTo("lasku");

        JsonNode messages = agent.get("/api/v1/conversations/" + conv).json().get("messages");
        assertThat(messages).extracting(m -> m.get("kind").asString()).containsExactly("inbound", "outbound", "note");

        List<String> actions = new ArrayList<>();
        admin.get("/api/v1/audit?entityType=conversation&entityId=" + conv)
                .json()
                .forEach(e -> actions.add(e.get("action").asString()));
        assertThat(actions)
                .contains(
                        "message.reply",
                        "message.note",
                        "conversation.status",
                        "conversation.assignee",
                        "conversation.priority",
                        "conversation.tags");
        assertThat(admin.get("/api/v1/audit/verify").json().get("intact").asBoolean())
                .isTrue();
    }

    @Test
    void aNewMessageReopensAResolvedConversation() {
        String conv = agent.post("/api/v1/messages", "{\"externalId\":\"r1\",\"threadKey\":\"k\",\"text\":\"Hei\"}")
                .json()
                .get("conversationId")
                .asString();
        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"resolved\"}");
        agent.post("/api/v1/messages", "{\"externalId\":\"r2\",\"threadKey\":\"k\",\"text\":\"Vielä yksi asia\"}");
        assertThat(agent.get("/api/v1/conversations/" + conv)
                        .json()
                        .get("conversation")
                        .get("status")
                        .asString())
                .isEqualTo("open");
    }

    @Test
    void invalidChangesAreRefused() {
        String conv = agent.post("/api/v1/messages", "{\"externalId\":\"v1\",\"text\":\"Hei\"}")
                .json()
                .get("conversationId")
                .asString();
        assertThat(agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"deleted\"}")
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("status");
        assertThat(agent.patch(
                                "/api/v1/conversations/" + conv,
                                "{\"assigneeId\":\"" + java.util.UUID.randomUUID() + "\"}")
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("assigneeId");
        assertThat(agent.post("/api/v1/conversations/" + conv + "/messages", "{\"type\":\"reply\",\"text\":\"  \"}")
                        .status())
                .isEqualTo(400);
        assertThat(agent.get("/api/v1/conversations/" + java.util.UUID.randomUUID())
                        .status())
                .isEqualTo(404);
        assertThat(agent.get("/api/v1/conversations/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void hidingKeepsTheMessageWithWhoWhenAndWhy() {
        JsonNode stored = agent.post(
                        "/api/v1/messages", "{\"externalId\":\"h1\",\"public\":true,\"text\":\"Rasistinen solvaus\"}")
                .json();
        String message = stored.get("messageId").asString();
        assertThat(agent.post("/api/v1/messages/" + message + "/hide", "{\"reason\":\"\"}")
                        .status())
                .isEqualTo(400);
        assertThat(agent.post("/api/v1/messages/" + message + "/hide", "{\"reason\":\"rasistinen kommentti\"}")
                        .status())
                .isEqualTo(204);

        JsonNode shown = agent.get(
                        "/api/v1/conversations/" + stored.get("conversationId").asString())
                .json()
                .get("messages")
                .get(0);
        assertThat(shown.get("text").asString()).isEqualTo("Rasistinen solvaus");
        assertThat(shown.get("hiddenReason").asString()).isEqualTo("rasistinen kommentti");
        assertThat(shown.get("hiddenBy").asString()).isEqualTo("agent token");
        assertThat(shown.get("hiddenAt").isNull()).isFalse();
    }

    @Test
    void inboxFiltersSearchesInFinnishAndPages() {
        agent.post(
                "/api/v1/messages",
                "{\"externalId\":\"s1\",\"channel\":\"email\",\"text\":\"Paketit saapuivat rikkinäisinä\"}");
        agent.post(
                "/api/v1/messages",
                "{\"externalId\":\"s2\",\"channel\":\"facebook\",\"text\":\"Kiitos hyvästä palvelusta\"}");
        for (int i = 0; i < 5; i++) {
            agent.postJson("/api/v1/messages", Map.of("externalId", "p" + i, "text", "Kysymys numero " + i));
        }
        // Finnish stemming: "paketti" finds "Paketit"
        JsonNode found = agent.get("/api/v1/conversations?q=paketti").json().get("items");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("channel").asString()).isEqualTo("email");
        assertThat(agent.get("/api/v1/conversations?channel=facebook").json().get("items"))
                .hasSize(1);

        JsonNode first = agent.get("/api/v1/conversations?limit=4").json();
        assertThat(first.get("items")).hasSize(4);
        JsonNode second = agent.get("/api/v1/conversations?limit=4&cursor="
                        + first.get("nextCursor").asString())
                .json();
        assertThat(second.get("items")).hasSize(3);
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(agent.get("/api/v1/conversations?cursor=garbage").status()).isEqualTo(400);
        assertThat(agent.get("/api/v1/conversations?status=lost").status()).isEqualTo(400);
    }
}
