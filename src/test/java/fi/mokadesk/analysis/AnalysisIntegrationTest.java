package fi.mokadesk.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.kernel.MessageAnalyzed;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Every customer message is analysed right after ingest; the inbox sorts by it; agents can correct it. */
class AnalysisIntegrationTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Autowired
    AnalysisPipeline pipeline;

    @Test
    void ingestedMessagesAreAnalysedAndTheInboxFiltersAndSortsByIt() {
        TestWorkspace ws = workspaces.create("Analyysi Oy");
        Api agent = api(ws.agentToken());
        String praise = conversation(agent, "p1", "Kiitos ihanasta palvelusta, henkilökunta oli tosi ystävällistä! ❤️");
        String complaint = conversation(
                agent,
                "c1",
                "Paketti on viikon myöhässä eikä kukaan vastaa. Todella huonoa palvelua, peruutan tilauksen jos ei tule tänään!");
        String abuse =
                conversation(agent, "a1", "Tapan teidät kaikki, saatanan mädät ryssät. Tulen kauppaan ja poltan sen.");

        JsonNode complaintInsight = insight(agent, complaint);
        assertThat(complaintInsight.get("sentiment").asString()).isEqualTo("negative");
        assertThat(complaintInsight.get("abusive").asBoolean()).isFalse();
        assertThat(complaintInsight.get("urgency").asString()).isNotEqualTo("none");
        assertThat(insight(agent, praise).get("sentiment").asString()).isEqualTo("positive");
        assertThat(insight(agent, abuse).get("abusive").asBoolean()).isTrue();

        JsonNode abusiveOnly =
                agent.get("/api/v1/conversations?abusive=true").json().get("items");
        assertThat(abusiveOnly).hasSize(1);
        assertThat(abusiveOnly.get(0).get("id").asString()).isEqualTo(abuse);
        List<String> attention = new ArrayList<>();
        agent.get("/api/v1/conversations?sort=attention")
                .json()
                .get("items")
                .forEach(c -> attention.add(c.get("id").asString()));
        assertThat(attention).containsExactly(abuse, complaint, praise);
        JsonNode negative =
                agent.get("/api/v1/conversations?sentiment=negative").json().get("items");
        assertThat(negative)
                .extracting(c -> c.get("id").asString())
                .contains(complaint)
                .doesNotContain(praise);
        assertThat(agent.get("/api/v1/conversations?sentiment=angry")
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("sentiment");
    }

    @Test
    void theConversationCarriesItsSummaryAsSoonAsTheMessageIsStored() {
        TestWorkspace ws = workspaces.create("Heti Oy");
        Api agent = api(ws.agentToken());
        String complaint = conversation(
                agent, "h1", "Paketti on viikon myöhässä eikä kukaan vastaa, peruutan tilauksen jos ei tule tänään!");

        // no waiting for the analysis: the row ingest wrote already holds the summary
        JsonNode summary =
                agent.get("/api/v1/conversations/" + complaint).json().get("conversation");
        assertThat(summary.get("sentiment").asString()).isEqualTo("negative");
        assertThat(summary.get("category").asString()).isEqualTo("delivery");
        assertThat(summary.get("urgency").asString()).isEqualTo("elevated");
        assertThat(agent.get("/api/v1/conversations?sentiment=negative")
                        .json()
                        .get("items")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(complaint);
    }

    @Test
    void aLateAnalysisOfAnOlderMessageKeepsTheNewerMessagesSummaryButMarksAbuse() {
        TestWorkspace ws = workspaces.create("Myöhässä Oy");
        Api agent = api(ws.agentToken());
        JsonNode older = agent.postJson(
                        "/api/v1/messages",
                        Map.of(
                                "externalId", "o1",
                                "threadKey", "t-1",
                                "text", "Kiitos, ihana palvelu!",
                                "receivedAt", "2026-11-20T08:00:00Z"))
                .json();
        String conversation = older.get("conversationId").asString();
        agent.postJson(
                "/api/v1/messages",
                Map.of(
                        "externalId", "o2",
                        "threadKey", "t-1",
                        "text", "Paketti ei vieläkään tullut, todella huonoa palvelua!",
                        "receivedAt", "2026-11-20T09:00:00Z"));
        insight(agent, conversation);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sentimentOf(agent, conversation) != null);
        assertThat(sentimentOf(agent, conversation)).isEqualTo("negative");

        // the first message's analysis arrives again, late (the catch-up job, another node)
        events.publishEvent(new MessageAnalyzed(
                ws.id(),
                java.util.UUID.fromString(conversation),
                java.util.UUID.fromString(older.get("messageId").asString()),
                "api",
                "fi",
                "positive",
                true,
                "praise",
                "none",
                List.of(),
                "",
                java.time.Instant.parse("2026-11-20T08:00:00Z"),
                false));

        JsonNode summary =
                agent.get("/api/v1/conversations/" + conversation).json().get("conversation");
        assertThat(summary.get("sentiment").asString()).isEqualTo("negative");
        assertThat(summary.get("abusive").asBoolean()).isTrue();
    }

    @Test
    void theCatchUpAnalysesMessagesTheWorkerNeverStoredAndLooksOnlySinceItsLastLook() {
        TestWorkspace ws = workspaces.create("Kiinni Oy");
        Api agent = api(ws.agentToken());
        String first = storedAndAnalysed(agent, ws, "m1", "Paketti on viikon myöhässä, todella huonoa palvelua!");
        forgetAnalysis(ws, first); // as if the node had stopped before the worker stored it

        // the window the catch-up gives is the one asked about
        assertThat(missingBetween("now() - interval '1 hour'", "now() - interval '30 minutes'"))
                .doesNotContain(first);
        assertThat(missingBetween("now()", "now() + interval '1 minute'")).doesNotContain(first);
        assertThat(missingBetween("now() - interval '1 hour'", "now()")).contains(first);

        assertThat(pipeline.catchUp(Duration.ZERO)).isGreaterThanOrEqualTo(1);
        assertThat(analysedSentiment(ws, first)).isEqualTo("negative");
        // where it looked up to is kept, for the next look, a restart or another node
        assertThat(workspaces
                        .owner()
                        .sql("select now() - checked_up_to < interval '10 seconds' from analysis_catch_up")
                        .query(Boolean.class)
                        .single())
                .isTrue();

        // a message stored after that look and missed as well is found by the next look
        String second = storedAndAnalysed(agent, ws, "m2", "Kiitos, ihana palvelu ja nopea toimitus!");
        forgetAnalysis(ws, second);
        pipeline.catchUp(Duration.ZERO);
        assertThat(analysedSentiment(ws, second)).isEqualTo("positive");
        assertThat(pipeline.catchUp(Duration.ZERO)).isZero();
    }

    private String storedAndAnalysed(Api agent, TestWorkspace ws, String externalId, String text) {
        String message = agent.postJson("/api/v1/messages", Map.of("externalId", externalId, "text", text))
                .json()
                .get("messageId")
                .asString();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> analysedSentiment(ws, message) != null);
        return message;
    }

    private String analysedSentiment(TestWorkspace ws, String message) {
        return workspaces
                .owner()
                .sql("select sentiment from message_analysis where workspace_id = ? and message_id = ?::uuid")
                .params(ws.id(), message)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private void forgetAnalysis(TestWorkspace ws, String message) {
        workspaces
                .owner()
                .sql("delete from message_analysis where workspace_id = ? and message_id = ?::uuid")
                .params(ws.id(), message)
                .update();
    }

    private List<String> missingBetween(String after, String until) {
        return workspaces
                .owner()
                .sql("select message_id::text from messages_without_analysis(500, " + after + ", " + until + ")")
                .query(String.class)
                .list();
    }

    private static String sentimentOf(Api agent, String conversation) {
        JsonNode sentiment = agent.get("/api/v1/conversations/" + conversation)
                .json()
                .get("conversation")
                .get("sentiment");
        return sentiment == null || sentiment.isNull() ? null : sentiment.asString();
    }

    @Test
    void anAgentCorrectsALabelAndTheCorrectionIsAuditedAndKeptForTraining() {
        TestWorkspace ws = workspaces.create("Korjaus Oy");
        Api agent = api(ws.agentToken());
        JsonNode stored = agent.postJson(
                        "/api/v1/messages", Map.of("externalId", "k1", "text", "No olipas taas elämys 🙄"))
                .json();
        String conversation = stored.get("conversationId").asString();
        String message = stored.get("messageId").asString();
        insight(agent, conversation);

        Api.Response bad =
                agent.post("/api/v1/messages/" + message + "/labels", "{\"task\":\"sentiment\",\"label\":\"grumpy\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("label");
        assertThat(agent.post(
                                "/api/v1/messages/" + message + "/labels",
                                "{\"task\":\"sentiment\",\"label\":\"negative\"}")
                        .status())
                .isEqualTo(204);

        JsonNode corrected = insight(agent, conversation);
        assertThat(corrected.get("sentiment").asString()).isEqualTo("negative");
        assertThat(corrected.get("corrected").get(0).asString()).isEqualTo("sentiment");
        assertThat(agent.get("/api/v1/conversations/" + conversation)
                        .json()
                        .get("conversation")
                        .get("sentiment")
                        .asString())
                .isEqualTo("negative");

        Api lead = api(ws.adminToken());
        JsonNode training = lead.get("/api/v1/analysis/corrections").json();
        assertThat(training).hasSize(1);
        assertThat(training.get(0).get("text").asString()).isEqualTo("No olipas taas elämys 🙄");
        assertThat(training.get(0).get("corrected").asString()).isEqualTo("negative");
        JsonNode audit =
                lead.get("/api/v1/audit?entityType=message&entityId=" + message).json();
        assertThat(audit.get(0).get("action").asString()).isEqualTo("analysis.correct.sentiment");
        assertThat(agent.get("/api/v1/analysis/corrections").status()).isEqualTo(403);

        // the lead sees how often agents agreed with the model version that labelled the message
        JsonNode agreement = lead.get("/api/v1/analysis/agreement").json();
        assertThat(agreement).hasSize(1);
        assertThat(agreement.get(0).get("modelVersion").asString()).startsWith("mokadesk-analysis-");
        assertThat(agreement.get(0).get("analysed").asInt()).isEqualTo(1);
        assertThat(agreement
                        .get(0)
                        .get("tasks")
                        .get("sentiment")
                        .get("corrected")
                        .asInt())
                .isEqualTo(1);
        assertThat(agreement
                        .get(0)
                        .get("tasks")
                        .get("sentiment")
                        .get("agreement")
                        .asDouble())
                .isEqualTo(0.0);
        assertThat(agreement
                        .get(0)
                        .get("tasks")
                        .get("category")
                        .get("agreement")
                        .asDouble())
                .isEqualTo(1.0);
        assertThat(agent.get("/api/v1/analysis/agreement").status()).isEqualTo(403);
    }

    private String conversation(Api agent, String externalId, String text) {
        return agent.postJson("/api/v1/messages", Map.of("externalId", externalId, "text", text))
                .json()
                .get("conversationId")
                .asString();
    }

    /** The analysis of the conversation's first message, once it is there. */
    private JsonNode insight(Api agent, String conversation) {
        JsonNode[] found = new JsonNode[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode insight = agent.get("/api/v1/conversations/" + conversation)
                            .json()
                            .get("messages")
                            .get(0)
                            .get("insight");
                    found[0] = insight;
                    return insight != null && !insight.isNull();
                });
        return found[0];
    }
}
