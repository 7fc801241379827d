package fi.mokadesk.reply;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The optional AI draft against a fake OpenAI-compatible endpoint: the suggestion becomes a draft marked as
 * suggested that the coach and the review rules treat like any other, the prompt holds only this
 * conversation, the audit entry holds the prompt and the model, and failures leave nothing behind.
 */
class AiDraftTest extends DeskTest {

    static final WireMockServer MODEL = new WireMockServer(options().dynamicPort());

    static {
        MODEL.start();
    }

    @DynamicPropertySource
    static void ai(DynamicPropertyRegistry registry) {
        registry.add("mokadesk.ai.base-url", () -> MODEL.baseUrl() + "/v1");
        registry.add("mokadesk.ai.model", () -> "kahvi-7b");
        registry.add("mokadesk.ai.api-key", () -> "model-key");
        registry.add("mokadesk.ai.timeout", () -> "8s");
    }

    @AfterAll
    static void stop() {
        MODEL.stop();
    }

    @Autowired
    TestWorkspaces workspaces;

    TestWorkspace ws;
    Api agent;

    @BeforeEach
    void reset() {
        MODEL.resetAll();
        ws = workspaces.create("Tekoäly Oy");
        agent = api(ws.agentToken());
    }

    @Test
    void aSuggestionIsOnlyADraftAndItsPromptHoldsOnlyThisConversation() {
        ReplyDesk.conversation(agent, "other-1", "Toinen asiakas: puhelinnumeroni on 040 999 8888.", false);
        String conversation = ReplyDesk.negativePublicConversation(agent, "ai-1");
        MODEL.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"id":"c1","object":"chat.completion","model":"kahvi-7b","choices":[{"index":0,
                                 "message":{"role":"assistant","content":"Kiitos viestistä ja pahoittelut! Soita 040 123 4567."},
                                 "finish_reason":"stop"}]}
                                """)));

        Api.Response r = agent.post("/api/v1/conversations/" + conversation + "/drafts/suggestion", "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode draft = r.json();
        assertThat(draft.get("suggested").asBoolean()).isTrue();
        assertThat(draft.get("state").asString()).isEqualTo("draft");
        assertThat(draft.get("reviewRequired").asBoolean()).isTrue();
        assertThat(draft.get("findings").toString()).contains("personal_data_public");

        // (A request of another test may still be in the fake's journal: only this conversation's count.)
        List<LoggedRequest> calls = MODEL.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                .filter(call -> call.getBodyAsString().contains("Paketti on viikon"))
                .toList();
        assertThat(calls).hasSize(1);
        MODEL.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer model-key"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("kahvi-7b"))));
        String prompt = calls.get(0).getBodyAsString();
        assertThat(prompt).contains("Paketti on viikon myöhässä").contains("Tone guide");
        assertThat(prompt).doesNotContain("040 999 8888").doesNotContain("Toinen asiakas");
        assertThat(prompt).contains("Pitoviesti"); // the Finnish templates, for a Finnish customer

        JsonNode audit = api(ws.adminToken())
                .get("/api/v1/audit?entityType=reply_draft&entityId="
                        + draft.get("id").asString())
                .json();
        JsonNode suggest = null;
        for (JsonNode e : audit) if (e.get("action").asString().equals("draft.suggest")) suggest = e;
        assertThat(suggest).isNotNull();
        assertThat(suggest.toString()).contains("kahvi-7b").contains("Paketti on viikon myöhässä");

        // Nothing was sent: the conversation holds the customer's message only.
        assertThat(agent.get("/api/v1/conversations/" + conversation).json().get("messages"))
                .hasSize(1);
    }

    @Test
    void errorsAndTimeoutsLeaveTheComposerUsableAndNothingStored() {
        String conversation = ReplyDesk.conversation(agent, "ai-2", "Missä tilaukseni on?", false);
        MODEL.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(500).withBody("model crashed")));
        Api.Response failed = agent.post("/api/v1/conversations/" + conversation + "/drafts/suggestion", "");
        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.json().get("error").asString()).isEqualTo("ai_unavailable");
        assertThat(failed.json().get("message").asString()).contains("500");

        MODEL.resetAll();
        MODEL.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withFixedDelay(12_000).withBody("{}")));
        Api.Response slow = agent.post("/api/v1/conversations/" + conversation + "/drafts/suggestion", "");
        assertThat(slow.status()).isEqualTo(502);
        assertThat(slow.json().get("message").asString()).contains("in time");

        MODEL.resetAll();
        MODEL.stubFor(
                post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withBody("not json")));
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/drafts/suggestion", "")
                        .status())
                .isEqualTo(502);

        assertThat(agent.get("/api/v1/conversations/" + conversation + "/drafts")
                        .json())
                .isEmpty();

        // In the composer: the button is there, and a failure answers with a notice, not an error page.
        FormSession person = new FormSession(port);
        person.signIn(ws.agentEmail(), ws.password());
        assertThat(person.get("/conversations/" + conversation + "/composer/tools")
                        .body())
                .contains("id=\"suggest-draft\"");
        FormSession.Page page = person.post("/conversations/" + conversation + "/composer/suggest", java.util.Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"ai-error\"");
    }
}
