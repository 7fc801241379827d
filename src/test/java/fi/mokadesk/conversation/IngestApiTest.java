package fi.mokadesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class IngestApiTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    JdbcClient jdbc;

    TestWorkspace ws;
    Api agent;

    @BeforeEach
    void workspace() {
        ws = workspaces.create("Ingest Oy");
        agent = api(ws.agentToken());
    }

    @Test
    void sameChannelAndExternalIdIsStoredOnce() {
        String body = """
                {"channel":"api","externalId":"order-771","threadKey":"ticket-1",
                 "author":{"name":"Maija Meikäläinen","handle":"maija","email":"maija@example.fi"},
                 "text":"Tilaukseni 771 ei ole vieläkään tullut.","public":false,"receivedAt":"2026-11-20T08:00:00Z"}
                """;
        Api.Response first = agent.post("/api/v1/messages", body);
        Api.Response again = agent.post("/api/v1/messages", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("messageId").asString())
                .isEqualTo(first.json().get("messageId").asString());
        assertThat(again.json().get("conversationId").asString())
                .isEqualTo(first.json().get("conversationId").asString());
        long stored = workspaces
                .owner()
                .sql("select count(*) from message where workspace_id = ?")
                .param(ws.id())
                .query(Long.class)
                .single();
        assertThat(stored).isEqualTo(1);
        JsonNode conversation = agent.get("/api/v1/conversations/"
                        + first.json().get("conversationId").asString())
                .json();
        assertThat(conversation.get("conversation").get("messageCount").asInt()).isEqualTo(1);
    }

    /**
     * A new message, its contact, conversation and SLA timers get ids in time order (UUID version 7), so each
     * lands at the end of its indexes (V39, RowIds); the later message's ids sort after the earlier one's.
     */
    @Test
    void newRowsOfAMessageGetTimeOrderedIds() {
        Api.Response first = agent.post(
                "/api/v1/messages",
                "{\"externalId\":\"v7-1\",\"threadKey\":\"v7-a\",\"author\":{\"handle\":\"v7-x\"},\"text\":\"Hei\"}");
        Api.Response second = agent.post(
                "/api/v1/messages",
                "{\"externalId\":\"v7-2\",\"threadKey\":\"v7-b\",\"author\":{\"handle\":\"v7-y\"},\"text\":\"Moi\"}");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        UUID message1 = UUID.fromString(first.json().get("messageId").asString());
        UUID message2 = UUID.fromString(second.json().get("messageId").asString());
        UUID conversation1 = UUID.fromString(first.json().get("conversationId").asString());
        UUID conversation2 = UUID.fromString(second.json().get("conversationId").asString());
        for (UUID id : List.of(message1, message2, conversation1, conversation2))
            assertThat(id.version()).as(id.toString()).isEqualTo(7);
        // time order is the order of the unsigned bytes, which is how PostgreSQL sorts uuid values
        assertThat(message1.toString()).isLessThan(message2.toString());
        assertThat(conversation1.toString()).isLessThan(conversation2.toString());
        List<Integer> versions = workspaces
                .owner()
                .sql("""
                        select distinct substr(id::text, 15, 1)::int from (
                            select id from contact where workspace_id = ?
                            union all select id from sla_clock where workspace_id = ?) ids
                        """)
                .params(ws.id(), ws.id())
                .query(Integer.class)
                .list();
        assertThat(versions).containsExactly(7);
    }

    /**
     * The lookup of re-deliveries stays one probe per key, whatever the statistics say: the batch's keys are
     * the outer side of the plan and each key's lookup ends in its own {@code limit 1}, never a join of all
     * the workspace's messages with an external id against the keys (the plan PostgreSQL made on a desk whose
     * older messages had none). Which index a probe takes is the planner's choice for the table's size.
     */
    @Test
    void theRedeliveryLookupProbesTheIndexPerKey() {
        String sql = IngestWriter.KNOWN_MESSAGES
                .replaceFirst("\\?", "'{api,api,form}'")
                .replaceFirst("\\?", "'{a-1,a-2,f-1}'");
        String plan = Tenant.call(
                ws.id(),
                () -> String.join(
                        "\n", jdbc.sql("explain " + sql).query(String.class).list()));
        assertThat(plan).startsWith("Nested Loop").doesNotContain("Join Filter");
        assertThat(plan.indexOf("Function Scan on k")).as(plan).isPositive().isLessThan(plan.indexOf("Limit"));
        assertThat(plan.indexOf("Limit")).as(plan).isLessThan(plan.indexOf("on message"));
    }

    @Test
    void messagesWithTheSameThreadKeyJoinOneConversation() {
        String c1 = agent.post(
                        "/api/v1/messages", "{\"externalId\":\"a\",\"threadKey\":\"t-9\",\"text\":\"Eka viesti\"}")
                .json()
                .get("conversationId")
                .asString();
        String c2 = agent.post(
                        "/api/v1/messages", "{\"externalId\":\"b\",\"threadKey\":\"t-9\",\"text\":\"Toka viesti\"}")
                .json()
                .get("conversationId")
                .asString();
        String other = agent.post(
                        "/api/v1/messages", "{\"externalId\":\"c\",\"threadKey\":\"t-10\",\"text\":\"Eri asia\"}")
                .json()
                .get("conversationId")
                .asString();

        assertThat(c2).isEqualTo(c1);
        assertThat(other).isNotEqualTo(c1);
        JsonNode messages = agent.get("/api/v1/conversations/" + c1).json().get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("text").asString()).isEqualTo("Eka viesti");
    }

    @Test
    void invalidInputIsRefusedWithTheFieldNamed() {
        assertThat(agent.post("/api/v1/messages", "{\"externalId\":\"x\"}")
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("text");
        Api.Response wrongType = agent.post("/api/v1/messages", "{\"text\":\"hei\",\"public\":\"kyllä\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("field").asString()).isEqualTo("public");
        Api.Response badTime = agent.post("/api/v1/messages", "{\"text\":\"hei\",\"receivedAt\":\"eilen\"}");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().get("field").asString()).isEqualTo("receivedAt");
        Api.Response badChannel = agent.post("/api/v1/messages", "{\"text\":\"hei\",\"channel\":\"Face Book!\"}");
        assertThat(badChannel.json().get("field").asString()).isEqualTo("channel");
        Api.Response notJson = agent.post("/api/v1/messages", "{\"text\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("error").asString()).isEqualTo("invalid");
        Api.Response tooLong = agent.postJson("/api/v1/messages", Map.of("text", "a".repeat(20_001)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("field").asString()).isEqualTo("text");
        long stored = workspaces
                .owner()
                .sql("select count(*) from message where workspace_id = ?")
                .param(ws.id())
                .query(Long.class)
                .single();
        assertThat(stored).isZero();
    }

    @Test
    void oversizeBodiesAreRefusedWith413() {
        Api.Response response = agent.postJson("/api/v1/messages", Map.of("text", "x".repeat(400_000)));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("error").asString()).isEqualTo("too_large");
    }

    @Test
    void tokensDecideWhoMayDoWhat() {
        assertThat(api(null).post("/api/v1/messages", "{\"text\":\"hei\"}").status())
                .isEqualTo(401);
        assertThat(api("not-a-token")
                        .post("/api/v1/messages", "{\"text\":\"hei\"}")
                        .status())
                .isEqualTo(401);
        Api.Response viewer = api(ws.viewerToken()).post("/api/v1/messages", "{\"text\":\"hei\"}");
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(api(ws.viewerToken()).get("/api/v1/conversations").status()).isEqualTo(200);
        assertThat(agent.get("/api/v1/audit/verify").status()).isEqualTo(403);
    }

    @Test
    void operationsSeeHealthMetricsAndTheApiDocument() {
        agent.post("/api/v1/messages", "{\"externalId\":\"metric-1\",\"text\":\"Hei\"}");
        assertThat(api(null).get("/actuator/health").json().get("status").asString())
                .isEqualTo("UP");
        assertThat(api(null).get("/actuator/prometheus").status()).isEqualTo(401);
        // Node-wide figures: the operator's admin token (the first workspace's bootstrap token), not a workspace admin.
        assertThat(api(ws.adminToken()).get("/actuator/prometheus").status()).isEqualTo(403);
        String metrics = api("test-bootstrap-token").get("/actuator/prometheus").body();
        assertThat(metrics).contains("mokadesk_messages_ingested_total").contains("mokadesk_ingest_latency_seconds");
        JsonNode openApi = api(null).get("/v3/api-docs").json();
        assertThat(openApi.get("paths").has("/api/v1/messages")).isTrue();
        assertThat(openApi.get("paths").has("/api/v1/conversations")).isTrue();
    }

    @Test
    void nulCharactersAndMarkupAreKeptAsText() {
        String id = agent.postJson("/api/v1/messages", Map.of("text", "a\u0000b <script>alert(1)</script>"))
                .json()
                .get("conversationId")
                .asString();
        String text = agent.get("/api/v1/conversations/" + id)
                .json()
                .get("messages")
                .get(0)
                .get("text")
                .asString();
        assertThat(text).isEqualTo("a\uFFFDb <script>alert(1)</script>");
    }
}
