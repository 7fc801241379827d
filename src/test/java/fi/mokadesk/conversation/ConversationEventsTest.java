package fi.mokadesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.ConversationEvents;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The event catalogue as other modules see it: what a change publishes, with which fields. */
class ConversationEventsTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    ConversationEvents events;

    TestWorkspace ws;
    Api agent;

    @BeforeEach
    void workspace() {
        ws = workspaces.create("Tapahtumat Oy");
        agent = api(ws.agentToken());
        events.watch(ws.id());
    }

    private UUID ingest(String externalId, String text) {
        JsonNode stored = agent.post(
                        "/api/v1/messages",
                        "{\"externalId\":\"" + externalId + "\",\"threadKey\":\"t\",\"text\":\"" + text + "\"}")
                .json();
        return UUID.fromString(stored.get("conversationId").asString());
    }

    @Test
    void theFirstMessageCreatesTheConversationAndLaterOnesDoNot() {
        UUID conv = ingest("e1", "Paketti ei tullut");
        ingest("e2", "Vieläkään ei näy");

        assertThat(events.of(ConversationCreated.class, conv)).singleElement().satisfies(e -> {
            assertThat(e.workspaceId()).isEqualTo(ws.id());
            assertThat(e.channel()).isEqualTo("api");
            assertThat(e.contactId()).isNotNull();
        });
        assertThat(events.of(MessageReceived.class, conv))
                .extracting(MessageReceived::text)
                .containsExactly("Paketti ei tullut", "Vieläkään ei näy");
        assertThat(events.of(ConversationReopened.class, conv)).isEmpty();
    }

    @Test
    void repliesNotesAssignmentAndHidingEachPublishTheirEvent() {
        UUID conv = ingest("e3", "Lasku on väärin");
        UUID customerMessage = UUID.fromString(agent.get("/api/v1/conversations/" + conv)
                .json()
                .get("messages")
                .get(0)
                .get("id")
                .asString());

        agent.post("/api/v1/conversations/" + conv + "/messages", "{\"type\":\"reply\",\"text\":\"Korjaamme.\"}");
        agent.post("/api/v1/conversations/" + conv + "/messages", "{\"type\":\"reply\",\"text\":\"Korjattu.\"}");
        agent.post("/api/v1/conversations/" + conv + "/messages", "{\"type\":\"note\",\"text\":\"Hyvitys?\"}");
        agent.patch("/api/v1/conversations/" + conv, "{\"assigneeId\":\"" + ws.agentId() + "\"}");
        agent.post("/api/v1/messages/" + customerMessage + "/hide", "{\"reason\":\"henkilötunnus\"}");

        assertThat(events.of(ReplySent.class, conv))
                .extracting(ReplySent::text, ReplySent::inReplyToExternalId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Korjaamme.", "e3"),
                        org.assertj.core.groups.Tuple.tuple("Korjattu.", "e3"));
        UUID firstReply = events.of(ReplySent.class, conv).get(0).messageId();
        assertThat(events.of(FirstReplySent.class, conv)).singleElement().satisfies(e -> {
            assertThat(e.messageId()).isEqualTo(firstReply);
            assertThat(e.authorName()).isNotBlank();
        });
        assertThat(events.of(NoteAdded.class, conv))
                .singleElement()
                .satisfies(e -> assertThat(e.authorName()).isNotBlank());
        assertThat(events.of(ConversationAssigned.class, conv)).singleElement().satisfies(e -> {
            assertThat(e.previousAssigneeId()).isNull();
            assertThat(e.assigneeId()).isEqualTo(ws.agentId());
        });
        assertThat(events.of(MessageHidden.class, conv)).singleElement().satisfies(e -> {
            assertThat(e.messageId()).isEqualTo(customerMessage);
            assertThat(e.reason()).isEqualTo("henkilötunnus");
        });
    }

    @Test
    void statusMovesPublishTheirEventsAndACustomerReopens() {
        UUID conv = ingest("e4", "Hei");

        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"pending\"}");
        ingest("e5", "Tässä pyytämänne tiedot");
        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"resolved\"}");

        assertThat(events.of(ConversationStatusChanged.class, conv))
                .extracting(ConversationStatusChanged::from, ConversationStatusChanged::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ConversationStatus.OPEN, ConversationStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple(ConversationStatus.PENDING, ConversationStatus.OPEN),
                        org.assertj.core.groups.Tuple.tuple(ConversationStatus.OPEN, ConversationStatus.RESOLVED));
        assertThat(events.of(ConversationReopened.class, conv)).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo(ConversationStatus.PENDING);
            assertThat(e.byCustomer()).isTrue();
            assertThat(e.by()).isNull();
        });
        assertThat(events.of(ConversationResolved.class, conv)).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo(ConversationStatus.OPEN);
            assertThat(e.by()).isNotBlank();
        });
    }

    @Test
    void anIllegalMoveIsRefusedWith409AndNothingChanges() {
        UUID conv = ingest("e6", "Hei");
        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"resolved\"}");

        Api.Response refused = agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"pending\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("field").asString()).isEqualTo("status");
        assertThat(refused.json().get("message").asString()).contains("reopen it first");
        assertThat(agent.get("/api/v1/conversations/" + conv)
                        .json()
                        .get("conversation")
                        .get("status")
                        .asString())
                .isEqualTo("resolved");
        assertThat(events.of(ConversationStatusChanged.class, conv)).hasSize(1);
    }

    @Test
    void theConversationPageShowsARefusedMoveAsAMessageInTheVisitorsLanguage() {
        UUID conv = ingest("e7", "Hei");
        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"resolved\"}");
        FormSession person = new FormSession(port);
        person.signIn(ws.agentEmail(), ws.password());

        FormSession.Page page = person.post("/conversations/" + conv, Map.of("status", "pending"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Tilaa ei voi vaihtaa: Ratkaistu → Odottaa. Avaa keskustelu ensin uudelleen.");
        assertThat(agent.get("/api/v1/conversations/" + conv)
                        .json()
                        .get("conversation")
                        .get("status")
                        .asString())
                .isEqualTo("resolved");
    }
}
