package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The reply workflow's API on a real desk and database: drafts, review, sending and what is refused. */
class DraftApiTest extends DeskTest {

    static final String GOOD_REPLY = "Kiitos viestistä ja pahoittelut viivästyksestä! Tämä on meidän virheemme."
            + " Lähetämme paketin uudelleen tänään veloituksetta ja laitamme seurantakoodin yksityisviestillä.";

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    ReplyDrafts drafts;

    TestWorkspace ws;
    Api agent;
    Api admin;
    Api lead;

    @BeforeEach
    void workspace() {
        ws = workspaces.create("Luonnos Oy");
        agent = api(ws.agentToken());
        admin = api(ws.adminToken());
        lead = api(ReplyDesk.leadToken(workspaces, ws));
    }

    @Test
    void aDraftComesBackWithTheCoachsFindingsAndWhetherReviewIsRequired() {
        String conversation = ReplyDesk.negativePublicConversation(agent, "neg-1");
        Api.Response r = agent.postJson(
                "/api/v1/conversations/" + conversation + "/drafts",
                Map.of("text", "Et ole lukenut ohjeita. Soita numeroon 040 123 4567.", "public", true));
        assertThat(r.status()).isEqualTo(201);
        JsonNode draft = r.json();
        assertThat(draft.get("id").asString()).isNotBlank();
        assertThat(draft.get("state").asString()).isEqualTo("draft");
        assertThat(draft.get("reviewRequired").asBoolean()).isTrue();
        assertThat(rules(draft.get("findings"))).contains("blames_customer", "personal_data_public");
        assertThat(draft.get("reviewReasons").get(0).get("code").asString()).isEqualTo("public_negative");

        // The team sees it on the conversation.
        JsonNode team =
                admin.get("/api/v1/conversations/" + conversation + "/drafts").json();
        assertThat(team).hasSize(1);
        assertThat(team.get(0).get("mine").asBoolean()).isFalse();
    }

    @Test
    void aReplyLongerThanItsChannelTakesIsFlaggedWhileItCanStillBeShortened() {
        Api.Response msg = agent.postJson(
                "/api/v1/messages",
                Map.of(
                        "channel", "x",
                        "externalId", "len-1",
                        "threadKey", "len-1",
                        "author", Map.of("name", "Kalle Kuluttaja"),
                        "text", "Milloin tilaukseni tulee?",
                        "public", true));
        assertThat(msg.status()).as(msg.body()).isEqualTo(201);
        String conversation = msg.json().get("conversationId").asString();
        String longReply = "Kiitos viestistäsi! " + "Selvitämme asian ja palaamme pian. ".repeat(10);
        JsonNode draft = agent.postJson(
                        "/api/v1/conversations/" + conversation + "/drafts", Map.of("text", longReply, "public", true))
                .json();
        JsonNode tooLong = null;
        for (JsonNode f : draft.get("findings"))
            if ("too_long".equals(f.get("rule").asString())) tooLong = f;
        assertThat(tooLong).as(draft.toString()).isNotNull();
        assertThat(tooLong.get("severity").asString()).isEqualTo("warning");
        assertThat(tooLong.get("start").asInt()).isEqualTo(280);
        assertThat(tooLong.get("message").asString()).contains("280");

        // The same text fits an email.
        String mail = ReplyDesk.conversation(agent, "len-2", "Milloin tilaukseni tulee?", false);
        JsonNode fits = agent.postJson(
                        "/api/v1/conversations/" + mail + "/drafts", Map.of("text", longReply, "public", false))
                .json();
        assertThat(rules(fits.get("findings"))).doesNotContain("too_long");
    }

    @Test
    void aReviewedReplyIsSentExactlyAsApprovedWithItsFindingsKept() {
        String conversation = ReplyDesk.negativePublicConversation(agent, "flow-1");
        String id = create(agent, conversation, GOOD_REPLY);

        Api.Response early = agent.post("/api/v1/drafts/" + id + "/send", "{}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("error").asString()).isEqualTo("review_required");
        assertThat(early.json().get("message").asString()).contains("negative");

        assertThat(agent.post("/api/v1/drafts/" + id + "/submit", "")
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("in_review");
        JsonNode queue = lead.get("/api/v1/reviews").json().get("items");
        assertThat(queue).hasSize(1);
        assertThat(queue.get(0).get("id").asString()).isEqualTo(id);
        assertThat(queue.get(0).get("customerWaitingSeconds").asLong()).isGreaterThanOrEqualTo(0);
        // The workspace's default SLA policy times the conversation: the item says when it is due.
        JsonNode sla = queue.get(0).get("sla");
        assertThat(queue.get(0).get("slaTimeLeftSeconds").isNull())
                .isEqualTo(sla.isNull() || sla.get("dueAt").isNull());
        assertThat(agent.get("/api/v1/reviews").status()).isEqualTo(403);

        JsonNode approved = lead.post("/api/v1/drafts/" + id + "/approve", "").json();
        assertThat(approved.get("state").asString()).isEqualTo("approved");
        assertThat(lead.get("/api/v1/reviews").json().get("items")).isEmpty();

        JsonNode sent = agent.post("/api/v1/drafts/" + id + "/send", "{}").json();
        assertThat(sent.get("state").asString()).isEqualTo("sent");
        String message = sent.get("messageId").asString();
        JsonNode messages =
                agent.get("/api/v1/conversations/" + conversation).json().get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.get("id").asString()).isEqualTo(message);
        assertThat(last.get("kind").asString()).isEqualTo("outbound");
        assertThat(last.get("text").asString()).isEqualTo(GOOD_REPLY);
        assertThat(agent.get("/api/v1/drafts/" + id).json().get("findings").isArray())
                .isTrue();

        // Sent is final.
        Api.Response again = agent.post("/api/v1/drafts/" + id + "/send", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asString()).isEqualTo("illegal_transition");
        assertThat(agent.putJson("/api/v1/drafts/" + id, Map.of("text", "muutos"))
                        .status())
                .isEqualTo(409);

        List<String> actions = new ArrayList<>();
        admin.get("/api/v1/audit?entityType=reply_draft&entityId=" + id)
                .json()
                .forEach(e -> actions.add(e.get("action").asString()));
        assertThat(actions).contains("draft.create", "draft.submit", "draft.approve", "draft.sending", "draft.sent");
    }

    @Test
    void anEditAfterApprovalNeedsANewApproval() {
        String conversation = ReplyDesk.negativePublicConversation(agent, "edit-1");
        String id = create(agent, conversation, GOOD_REPLY);
        agent.post("/api/v1/drafts/" + id + "/submit", "");
        lead.post("/api/v1/drafts/" + id + "/approve", "");

        JsonNode edited = agent.putJson("/api/v1/drafts/" + id, Map.of("text", GOOD_REPLY + " Hyvää päivänjatkoa."))
                .json();
        assertThat(edited.get("state").asString()).isEqualTo("draft");
        Api.Response send = agent.post("/api/v1/drafts/" + id + "/send", "{}");
        assertThat(send.status()).isEqualTo(409);
        assertThat(send.json().get("error").asString()).isEqualTo("review_required");
    }

    @Test
    void nobodyApprovesTheirOwnDraftAndOnlyLeadsReview() {
        String conversation = ReplyDesk.negativePublicConversation(agent, "own-1");
        String id = create(admin, conversation, GOOD_REPLY);
        admin.post("/api/v1/drafts/" + id + "/submit", "");

        Api.Response own = admin.post("/api/v1/drafts/" + id + "/approve", "");
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.json().get("message").asString()).contains("other than its author");
        assertThat(agent.post("/api/v1/drafts/" + id + "/approve", "").status()).isEqualTo(403);
        assertThat(agent.postJson("/api/v1/drafts/" + id + "/request-changes", Map.of("comment", "x"))
                        .status())
                .isEqualTo(403);

        Api.Response noComment = lead.postJson("/api/v1/drafts/" + id + "/request-changes", Map.of("comment", " "));
        assertThat(noComment.status()).isEqualTo(400);
        assertThat(noComment.json().get("field").asString()).isEqualTo("comment");

        JsonNode back = lead.postJson(
                        "/api/v1/drafts/" + id + "/request-changes", Map.of("comment", "Lisää pahoittelu alkuun"))
                .json();
        assertThat(back.get("state").asString()).isEqualTo("draft");
        assertThat(back.get("reviewComment").asString()).isEqualTo("Lisää pahoittelu alkuun");

        // Approving a draft nobody submitted is not a move the workflow knows.
        Api.Response notSubmitted = lead.post("/api/v1/drafts/" + id + "/approve", "");
        assertThat(notSubmitted.status()).isEqualTo(409);
        assertThat(notSubmitted.json().get("error").asString()).isEqualTo("illegal_transition");
    }

    @Test
    void blockingFindingsStopAPublicReplyUnlessALeadOverridesWithAReason() {
        settings(Map.of("publicNegative", false));
        String conversation = ReplyDesk.conversation(agent, "block-1", "Missä tilaukseni on?", true);
        String text = "Kiitos viestistä! Soita meille numeroon 040 123 4567, niin selvitetään tilaus heti.";
        String mine = create(agent, conversation, text);
        Api.Response blocked = agent.post("/api/v1/drafts/" + mine + "/send", "{}");
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.json().get("error").asString()).isEqualTo("blocking_findings");
        assertThat(blocked.json().get("rules").toString()).contains("personal_data_public");
        assertThat(blocked.json().get("message").asString()).contains("personal_data_public");

        Api.Response agentOverride =
                agent.postJson("/api/v1/drafts/" + mine + "/send", Map.of("override", "asiakas pyysi numeroa"));
        assertThat(agentOverride.status()).isEqualTo(403);
        Api.Response blank = lead.postJson("/api/v1/drafts/" + mine + "/send", Map.of("override", "  "));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("field").asString()).isEqualTo("override");

        JsonNode sent = lead.postJson(
                        "/api/v1/drafts/" + mine + "/send", Map.of("override", "asiakaspalvelun yleinen numero"))
                .json();
        assertThat(sent.get("state").asString()).isEqualTo("sent");
        List<String> actions = new ArrayList<>();
        admin.get("/api/v1/audit?entityType=reply_draft&entityId=" + mine)
                .json()
                .forEach(e -> actions.add(e.get("action").asString()));
        assertThat(actions).contains("draft.override");
    }

    @Test
    void sendingAsksForConfirmationWhenTheCustomerWroteAgainOrAColleagueReplied() {
        String conversation = ReplyDesk.conversation(agent, "col-1", "Missä tilaukseni on?", false);
        String id = create(agent, conversation, GOOD_REPLY);
        agent.postJson(
                "/api/v1/messages",
                Map.of(
                        "channel", "api",
                        "externalId", "col-1b",
                        "threadKey", "col-1",
                        "author", Map.of("name", "Kalle Kuluttaja"),
                        "text", "Löytyi jo, kiitos!"));
        admin.postJson(
                "/api/v1/conversations/" + conversation + "/messages", Map.of("text", "Hienoa, kiitos tiedosta!"));

        Api.Response changed = agent.post("/api/v1/drafts/" + id + "/send", "{}");
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.json().get("error").asString()).isEqualTo("conversation_changed");
        JsonNode changes = changed.json().get("changes");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).get("kind").asString()).isEqualTo("customer_message");
        assertThat(changes.get(0).get("preview").asString()).isEqualTo("Löytyi jo, kiitos!");
        assertThat(changes.get(1).get("kind").asString()).isEqualTo("reply");

        assertThat(agent.postJson("/api/v1/drafts/" + id + "/send", Map.of("confirm", true))
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("sent");
    }

    @Test
    void theComposerShowsWhatChangedAndSendsOnlyOnceConfirmed() {
        String conversation = ReplyDesk.conversation(agent, "ui-col", "Missä tilaukseni on?", false);
        FormSession person = new FormSession(port);
        person.signIn(ws.agentEmail(), ws.password());
        FormSession.Page saved = person.post(
                "/conversations/" + conversation + "/composer/autosave", Map.of("text", GOOD_REPLY, "type", "reply"));
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("id=\"draft-id\"[^>]*value=\"([^\"]+)\"")
                .matcher(saved.body());
        assertThat(id.find()).as(saved.body()).isTrue();
        String draftId = id.group(1);
        agent.postJson(
                "/api/v1/messages",
                Map.of(
                        "channel", "api",
                        "externalId", "ui-col-2",
                        "threadKey", "ui-col",
                        "author", Map.of("name", "Kalle Kuluttaja"),
                        "text", "Löytyi jo, kiitos!"));

        FormSession.Page refused = person.post(
                "/conversations/" + conversation + "/composer",
                Map.of("text", GOOD_REPLY, "type", "reply", "draftId", draftId, "action", "send"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body())
                .contains("data-refusal=\"conversation_changed\"")
                .contains("Löytyi jo, kiitos!")
                .contains("id=\"confirm-send\"");
        assertThat(agent.get("/api/v1/conversations/" + conversation).json().get("messages"))
                .hasSize(2);

        FormSession.Page sent = person.post(
                "/conversations/" + conversation + "/composer",
                Map.of("text", GOOD_REPLY, "type", "reply", "draftId", draftId, "action", "send", "confirm", "true"));
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body()).contains("id=\"draft-sent\"");
        JsonNode messages =
                agent.get("/api/v1/conversations/" + conversation).json().get("messages");
        assertThat(messages.get(messages.size() - 1).get("text").asString()).isEqualTo(GOOD_REPLY);

        // A note from the same composer is stored as a note, never as a draft.
        person.post(
                "/conversations/" + conversation + "/composer",
                Map.of("text", "Asiakas löysi paketin itse.", "type", "note"));
        JsonNode after =
                agent.get("/api/v1/conversations/" + conversation).json().get("messages");
        assertThat(after.get(after.size() - 1).get("kind").asString()).isEqualTo("note");
    }

    @Test
    void reviewRulesFollowTheWorkspaceSettings() {
        String conversation = ReplyDesk.conversation(agent, "rule-1", "Missä tilaukseni on?", false);
        assertThat(agent.postJson("/api/v1/conversations/" + conversation + "/drafts", Map.of("text", GOOD_REPLY))
                        .json()
                        .get("reviewRequired")
                        .asBoolean())
                .isFalse();

        JsonNode saved =
                settings(Map.of("peopleInTraining", List.of(ws.agentId().toString())));
        assertThat(saved.get("peopleInTraining").get(0).asString())
                .isEqualTo(ws.agentId().toString());
        // The person in training (signed in, not a token) writes in the composer: the draft needs review.
        FormSession trainee = new FormSession(port);
        trainee.signIn(ws.agentEmail(), ws.password());
        FormSession.Page page = trainee.post(
                "/conversations/" + conversation + "/composer/autosave", Map.of("text", GOOD_REPLY, "type", "reply"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"review-required\"").contains("perehdytyksessä");
        JsonNode drafts =
                admin.get("/api/v1/conversations/" + conversation + "/drafts").json();
        assertThat(drafts.get(0).get("reviewReasons").get(0).get("code").asString())
                .isEqualTo("in_training");
        // Without an AI endpoint configured the composer offers no suggestion button.
        assertThat(trainee.get("/conversations/" + conversation + "/composer/tools")
                        .body())
                .contains("template-select")
                .doesNotContain("suggest-draft");
        settings(Map.of("inTraining", false));
        assertThat(agent.postJson("/api/v1/conversations/" + conversation + "/drafts", Map.of("text", GOOD_REPLY))
                        .json()
                        .get("reviewRequired")
                        .asBoolean())
                .isFalse();
        assertThat(agent.putJson("/api/v1/reply-settings", Map.of("inTraining", true))
                        .status())
                .isEqualTo(403);
        Api.Response stranger = admin.putJson(
                "/api/v1/reply-settings", Map.of("peopleInTraining", List.of("00000000-0000-0000-0000-000000000001")));
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.json().get("field").asString()).isEqualTo("peopleInTraining");
    }

    @Test
    void theCoachFollowsTheWorkspacesRulesAndPhrases() {
        String conversation = ReplyDesk.conversation(agent, "coach-1", "Missä tilaukseni on?", false);
        String text = "Kiitos viestistä, meillä sanotaan aina että ihan sama.";
        assertThat(rules(agent.postJson("/api/v1/conversations/" + conversation + "/drafts", Map.of("text", text))
                        .json()
                        .get("findings")))
                .contains("no_solution")
                .doesNotContain("sarcasm");
        JsonNode saved = settings(Map.of(
                "coachDisabledRules", List.of("no_solution"),
                "coachExtraPhrases", Map.of("sarcasm", List.of("ihan sama"))));
        assertThat(saved.get("coachDisabledRules").get(0).asString()).isEqualTo("no_solution");
        JsonNode findings = agent.postJson("/api/v1/conversations/" + conversation + "/drafts", Map.of("text", text))
                .json()
                .get("findings");
        assertThat(rules(findings)).contains("sarcasm").doesNotContain("no_solution");
        assertThat(findings.toString()).contains("ihan sama");

        Api.Response unknown = admin.putJson("/api/v1/reply-settings", Map.of("coachDisabledRules", List.of("rude")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("field").asString()).isEqualTo("coachDisabledRules");
        Api.Response absence = admin.putJson(
                "/api/v1/reply-settings", Map.of("coachExtraPhrases", Map.of("no_apology", List.of("x"))));
        assertThat(absence.status()).isEqualTo(400);
        assertThat(absence.json().get("field").asString()).isEqualTo("coachExtraPhrases");
    }

    @Test
    void badInputGetsA4xxWithTheReason() {
        String conversation = ReplyDesk.conversation(agent, "bad-1", "Hei!", false);
        Api.Response empty = agent.postJson("/api/v1/conversations/" + conversation + "/drafts", Map.of("text", "  "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("field").asString()).isEqualTo("text");
        Api.Response tooLong =
                agent.postJson("/api/v1/conversations/" + conversation + "/drafts", Map.of("text", "a".repeat(20_001)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/drafts", "{\"text\":")
                        .status())
                .isEqualTo(400);
        assertThat(agent.post(
                                "/api/v1/conversations/" + conversation + "/drafts",
                                "{\"text\":\"x\",\"public\":\"ehkä\"}")
                        .status())
                .isEqualTo(400);
        assertThat(agent.postJson("/api/v1/conversations/not-a-uuid/drafts", Map.of("text", "x"))
                        .status())
                .isEqualTo(400);
        assertThat(agent.postJson(
                                "/api/v1/conversations/00000000-0000-0000-0000-000000000001/drafts",
                                Map.of("text", "x"))
                        .status())
                .isEqualTo(404);
        assertThat(agent.post("/api/v1/drafts/00000000-0000-0000-0000-000000000001/submit", "")
                        .status())
                .isEqualTo(404);
        assertThat(api(ws.viewerToken())
                        .postJson("/api/v1/conversations/" + conversation + "/drafts", Map.of("text", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(agent.get("/api/v1/reviews?limit=0").status()).isEqualTo(403);
        assertThat(lead.get("/api/v1/reviews?limit=0").status()).isEqualTo(400);
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/drafts/suggestion", "")
                        .status())
                .isEqualTo(404);

        // Another workspace's draft does not exist here.
        String id = create(agent, conversation, GOOD_REPLY);
        TestWorkspace other = workspaces.create("Toinen Oy");
        assertThat(api(other.agentToken()).get("/api/v1/drafts/" + id).status()).isEqualTo(404);
    }

    @Test
    void unfilledTemplateVariablesBlockEvenAPrivateReply() {
        String conversation = ReplyDesk.conversation(agent, "var-1", "Missä tilaukseni on?", false);
        String id = create(agent, conversation, "Kiitos viestistä! Tilaus {{order_number}} lähtee tänään.");
        Api.Response r = agent.post("/api/v1/drafts/" + id + "/send", "{}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("rules").toString()).contains("unfilled_variable");
    }

    @Test
    void aDirectReplyMeetsTheSameReviewRulesAndBlockingRulesAsADraft() {
        // A public reply on a negative thread needs a lead's approval: not even the API skips it.
        String negative = ReplyDesk.negativePublicConversation(agent, "direct-1");
        Api.Response refused = agent.postJson(
                "/api/v1/conversations/" + negative + "/messages", Map.of("type", "reply", "text", GOOD_REPLY));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asString()).isEqualTo("review_required");
        assertThat(refused.json().get("reasons").get(0).get("code").asString()).isEqualTo("public_negative");
        assertThat(refused.json().get("drafts").asString()).isEqualTo("/api/v1/conversations/" + negative + "/drafts");
        assertThat(outbound(negative)).isZero();
        // An internal note is never a reply to review.
        assertThat(agent.postJson(
                                "/api/v1/conversations/" + negative + "/messages",
                                Map.of("type", "note", "text", "Tarkistan varaston."))
                        .status())
                .isEqualTo(201);

        // Personal data in a public reply is blocked, naming the rule, even where no review is needed.
        String question = ReplyDesk.conversation(agent, "direct-2", "Milloin aukeatte huomenna?", true);
        Api.Response blocked = agent.postJson(
                "/api/v1/conversations/" + question + "/messages",
                Map.of("type", "reply", "text", "Kiitos kysymyksestä! Soita numeroon 040 123 4567, niin autamme."));
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.json().get("error").asString()).isEqualTo("blocking_findings");
        assertThat(blocked.json().get("rules").toString()).contains("personal_data_public");
        assertThat(outbound(question)).isZero();

        // A reply that needs no review and breaks no blocking rule goes straight out.
        Api.Response sent = agent.postJson(
                "/api/v1/conversations/" + question + "/messages",
                Map.of("type", "reply", "text", "Kiitos kysymyksestä! Avaamme huomenna kello 8, tervetuloa."));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(outbound(question)).isEqualTo(1);

        // With the rule switched off by an admin, the negative thread's reply goes straight out too.
        settings(Map.of("publicNegative", false));
        assertThat(agent.postJson(
                                "/api/v1/conversations/" + negative + "/messages",
                                Map.of("type", "reply", "text", GOOD_REPLY))
                        .status())
                .isEqualTo(201);
        assertThat(outbound(negative)).isEqualTo(1);
    }

    @Test
    void theReviewQueuePutsTheSoonestSlaBreachFirstAndShowsTheTimeLeft() {
        Map<String, Object> policy = new java.util.LinkedHashMap<>();
        policy.put("name", "Julkiset nopeasti");
        policy.put("default", true);
        policy.put(
                "targets",
                List.of(
                        Map.of(
                                "public", true,
                                "firstResponseMinutes", 20,
                                "nextResponseMinutes", 20,
                                "resolutionMinutes", 600,
                                "businessHours", false),
                        Map.of(
                                "firstResponseMinutes", 600,
                                "nextResponseMinutes", 600,
                                "resolutionMinutes", 6000,
                                "businessHours", false)));
        Api.Response created = admin.postJson("/api/v1/sla/policies", policy);
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        // The private customer has waited longer, but the public thread breaches first.
        String privateOne = ReplyDesk.conversation(agent, "queue-private", "Missä tilaukseni on?", false);
        String publicOne = ReplyDesk.negativePublicConversation(agent, "queue-public");
        String privateDraft = create(agent, privateOne, GOOD_REPLY);
        String publicDraft = create(agent, publicOne, GOOD_REPLY);
        assertThat(agent.post("/api/v1/drafts/" + privateDraft + "/submit", "").status())
                .isEqualTo(200);
        assertThat(agent.post("/api/v1/drafts/" + publicDraft + "/submit", "").status())
                .isEqualTo(200);

        JsonNode queue = lead.get("/api/v1/reviews").json().get("items");
        assertThat(queue).hasSize(2);
        assertThat(queue.get(0).get("id").asString()).isEqualTo(publicDraft);
        assertThat(queue.get(1).get("id").asString()).isEqualTo(privateDraft);
        JsonNode sla = queue.get(0).get("sla");
        assertThat(sla.get("status").asString()).isEqualTo("active");
        assertThat(sla.get("dueAt").isNull()).isFalse();
        assertThat(queue.get(0).get("slaTimeLeftSeconds").asLong()).isBetween(1L, 20L * 60);
        assertThat(queue.get(1).get("slaTimeLeftSeconds").asLong()).isGreaterThan(20L * 60);
        assertThat(queue.get(0).has("level")).isFalse();

        // The page shows the same timer on each item, the soonest breach first.
        FormSession session = new FormSession(port);
        session.signIn(ReplyDesk.leadPerson(workspaces, ws), ws.password());
        String page = session.get("/reviews").body();
        assertThat(page.indexOf(publicDraft)).isLessThan(page.indexOf(privateDraft));
        assertThat(page).contains("sla-timer");
    }

    @Test
    void aDraftLeftSendingByAStoppedDeskIsResolvedAndSentOnlyOnce() {
        String conversation = ReplyDesk.negativePublicConversation(agent, "crash-1");
        String approved = create(agent, conversation, GOOD_REPLY);
        agent.post("/api/v1/drafts/" + approved + "/submit", "");
        lead.post("/api/v1/drafts/" + approved + "/approve", "");
        String other = ReplyDesk.conversation(agent, "crash-2", "Missä tilaukseni on?", false);
        String plain = create(agent, other, GOOD_REPLY);
        // The desk stopped after claiming both sends and before storing the replies: the state it leaves.
        for (String id : List.of(approved, plain)) {
            workspaces
                    .owner()
                    .sql("update reply_draft set state = 'sending', updated_at = now() - interval '5 minutes'"
                            + " where id = ?::uuid")
                    .param(id)
                    .update();
        }
        // A send that is only just under way is left alone.
        String recent = create(agent, ReplyDesk.conversation(agent, "crash-3", "Hei?", false), GOOD_REPLY);
        workspaces
                .owner()
                .sql("update reply_draft set state = 'sending' where id = ?::uuid")
                .param(recent)
                .update();

        assertThat(drafts.resolveLeftSending(java.time.Duration.ofMinutes(2))).isEqualTo(2);

        assertThat(agent.get("/api/v1/drafts/" + approved).json().get("state").asString())
                .isEqualTo("approved");
        JsonNode failed = agent.get("/api/v1/drafts/" + plain).json();
        assertThat(failed.get("state").asString()).isEqualTo("failed");
        assertThat(failed.get("failure").asString()).contains("nothing was sent");
        assertThat(agent.get("/api/v1/drafts/" + recent).json().get("state").asString())
                .isEqualTo("sending");
        assertThat(outbound(conversation)).isZero();

        // A person sends again, and the customer gets the reply exactly once.
        assertThat(agent.post("/api/v1/drafts/" + approved + "/send", "{}")
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("sent");
        assertThat(agent.post("/api/v1/drafts/" + plain + "/send", "{}")
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("sent");
        assertThat(outbound(conversation)).isEqualTo(1);
        assertThat(outbound(other)).isEqualTo(1);
        assertThat(drafts.resolveLeftSending(java.time.Duration.ofMinutes(2))).isZero();
        List<String> actions = new ArrayList<>();
        admin.get("/api/v1/audit?entityType=reply_draft&entityId=" + approved)
                .json()
                .forEach(e -> actions.add(e.get("action").asString()));
        assertThat(actions).contains("draft.recovered");
    }

    private int outbound(String conversation) {
        int n = 0;
        for (JsonNode m :
                agent.get("/api/v1/conversations/" + conversation).json().get("messages")) {
            if ("outbound".equals(m.get("kind").asString())) n++;
        }
        return n;
    }

    private JsonNode settings(Map<String, Object> body) {
        Api.Response r = admin.putJson("/api/v1/reply-settings", body);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private static String create(Api api, String conversation, String text) {
        Api.Response r =
                api.postJson("/api/v1/conversations/" + conversation + "/drafts", Map.of("text", text, "public", true));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static List<String> rules(JsonNode findings) {
        List<String> rules = new ArrayList<>();
        findings.forEach(f -> rules.add(f.get("rule").asString()));
        return rules;
    }
}
