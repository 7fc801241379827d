package fi.mokadesk.channel.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The Meta webhook and the Facebook Page channel on the real desk: signed payloads in the documented shapes
 * against a fake Graph API that records what the desk sends.
 */
class MetaWebhookTest extends DeskTest {

    static final String SECRET = "app-secret-kahvila-123";

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    MetaInbound inbound;

    MetaFixture meta;
    TestWorkspace ws;
    Api admin;
    Api agent;
    String pageId;
    String channelId;
    JdbcClient db;

    @BeforeEach
    void start() {
        meta = new MetaFixture("http://localhost:" + port);
        ws = workspaces.create("Kahvila Some Oy");
        admin = api(ws.adminToken());
        agent = api(ws.agentToken());
        pageId = MetaFixture.id();
        channelId = meta.facebook(admin, pageId, SECRET, "verify-" + pageId, false);
        db = workspaces.owner();
        // These tests are about the platform calls: a public reply to a complaint goes straight out here,
        // without the review that the workspace default asks for (DraftApiTest covers that rule).
        assertThat(admin.putJson("/api/v1/reply-settings", java.util.Map.of("publicNegative", false))
                        .status())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        meta.close();
    }

    @Test
    void metaSubscriptionCheckEchoesTheChallengeOnlyForAKnownVerifyToken() {
        Api.Response ok =
                meta.verify("hub.mode=subscribe&hub.verify_token=verify-" + pageId + "&hub.challenge=1158201444");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(meta.verify("hub.mode=subscribe&hub.verify_token=wrong-token&hub.challenge=1")
                        .status())
                .isEqualTo(403);
        assertThat(meta.verify("hub.mode=unsubscribe&hub.verify_token=verify-" + pageId + "&hub.challenge=1")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void unsignedAndWronglySignedBodiesAreRefusedAndNothingIsStored() {
        String commentId = pageId + "_" + MetaFixture.id();
        String body = MetaPayloads.comment(
                pageId, now(), "add", pageId + "_1", commentId, pageId + "_1", "42", "Maija", "Huono palvelu", now());
        long before = intakeRows();
        assertThat(meta.webhook(body, null).status()).isEqualTo(403);
        assertThat(meta.webhook(body, MetaPayloads.sign("another-secret", body)).status())
                .isEqualTo(403);
        assertThat(meta.webhook(body, "sha256=zz").status()).isEqualTo(403);
        // Signed over other bytes than were sent (one space more).
        assertThat(meta.webhook(body + " ", MetaPayloads.sign(SECRET, body)).status())
                .isEqualTo(403);
        assertThat(intakeRows()).isEqualTo(before);
        // A Page this desk does not know: 200 (Meta stops retrying), nothing stored.
        String unknown =
                MetaPayloads.comment(MetaFixture.id(), now(), "add", "1_1", "1_2", "1_1", "42", "Maija", "Hei", now());
        assertThat(meta.signed(SECRET, unknown).status()).isEqualTo(200);
        assertThat(intakeRows()).isEqualTo(before);
    }

    @Test
    void deliveriesArrivingTogetherAreEachStoredBeforeTheirAnswerAndEachCommentReachesTheInbox() throws Exception {
        String postId = pageId + "_" + MetaFixture.id();
        List<String> comments = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> pageId + "_" + MetaFixture.id())
                .toList();
        // Forty at once, as Meta sends them during a storm: they are written together (group commit).
        var pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        try {
            List<java.util.concurrent.Future<Integer>> answers = comments.stream()
                    .map(id -> pool.submit(() -> meta.signed(
                                    SECRET,
                                    MetaPayloads.comment(
                                            pageId, now(), "add", postId, id, postId, "70", "Asiakas", "Kylmää!",
                                            now()))
                            .status()))
                    .toList();
            for (var answer : answers) assertThat(answer.get()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        // Every 200 came after its body was committed.
        assertThat(db.sql("select count(*) from meta_intake where position(? in convert_from(body, 'UTF8')) > 0")
                        .param(postId)
                        .query(Long.class)
                        .single())
                .isEqualTo(comments.size());
        UUID conversation = conversationOf(comments.get(0));
        for (String id : comments) assertThat(conversationOf(id)).isEqualTo(conversation);
    }

    @Test
    void aClaimedBatchStoresItsCommentsTogetherAndABodyThatFailsLosesNothingOfTheOthers() {
        String postId = pageId + "_" + MetaFixture.id();
        UUID channel = UUID.fromString(channelId);
        Map<String, RuntimeException> failed = fi.mokadesk.workspace.Access.callAs(
                fi.mokadesk.workspace.Access.system(ws.id(), "facebook"),
                () -> inbound.collecting(List.of("a", "b", "c"), key -> {
                    String commentId = postId + "_" + key;
                    // inside a batch the message is only noted, and stored when the batch ends
                    inbound.take(
                            channel,
                            commentId,
                            new fi.mokadesk.conversation.InboundMessage(
                                    "facebook",
                                    commentId,
                                    "fb:post:" + postId,
                                    "Asiakas " + key,
                                    "70" + key,
                                    null,
                                    null,
                                    "Kommentti " + key + ": kahvi oli kylmää",
                                    true,
                                    java.time.Instant.now()));
                    if (key.equals("b")) throw new IllegalStateException("this body cannot be read");
                }));
        assertThat(failed).containsOnlyKeys("b");
        assertThat(failed.get("b")).hasMessage("this body cannot be read");
        List<String> stored =
                db.sql("""
                        select external_id from message where workspace_id = ? and channel = 'facebook'
                           and external_id like ? order by external_id
                        """).params(ws.id(), postId + "_%").query(String.class).list();
        // The failed body's comment waits for the body's next attempt; the others are in one conversation.
        assertThat(stored).containsExactly(postId + "_a", postId + "_c");
        assertThat(db.sql(
                                "select count(distinct conversation_id) from message where workspace_id = ? and external_id = any(?)")
                        .params(ws.id(), new String[] {postId + "_a", postId + "_c"})
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
    }

    @Test
    void aCommentBecomesAPublicConversationPerPostWithItsPermalinkAndAReplyAnswersItPublicly() {
        String postId = pageId + "_" + MetaFixture.id();
        String first = pageId + "_" + MetaFixture.id();
        String second = pageId + "_" + MetaFixture.id();
        assertThat(meta.signed(
                                SECRET,
                                MetaPayloads.comment(
                                        pageId,
                                        now(),
                                        "add",
                                        postId,
                                        first,
                                        postId,
                                        "501",
                                        "Maija Virtanen",
                                        "Kahvi oli kylmää",
                                        now()))
                        .status())
                .isEqualTo(200);
        UUID conversation = conversationOf(first);
        // A reply to that comment (its parent is the comment), then a comment in the older sender_id/sender_name shape.
        String reply1 = pageId + "_" + MetaFixture.id();
        assertThat(meta.signed(
                                SECRET,
                                MetaPayloads.comment(
                                        pageId,
                                        now(),
                                        "add",
                                        postId,
                                        reply1,
                                        first,
                                        "503",
                                        "Liisa",
                                        "Niin minullakin",
                                        now()))
                        .status())
                .isEqualTo(200);
        assertThat(conversationOf(reply1)).isEqualTo(conversation);
        assertThat(item(reply1).get("parent_id")).isEqualTo(first);
        assertThat(meta.signed(
                                SECRET,
                                MetaPayloads.legacyComment(
                                        pageId, now(), postId, second, "502", "Pekka", "Samaa mieltä"))
                        .status())
                .isEqualTo(200);
        assertThat(conversationOf(second)).isEqualTo(conversation);
        JsonNode detail = agent.get("/api/v1/conversations/" + conversation).json();
        assertThat(detail.get("conversation").get("channel").asString()).isEqualTo("facebook");
        JsonNode messages = detail.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).get("isPublic").asBoolean()).isTrue();
        assertThat(messages.get(0).get("authorName").asString()).isEqualTo("Maija Virtanen");
        assertThat(messages.get(2).get("authorName").asString()).isEqualTo("Pekka");
        assertThat(messages.get(0).get("extra").get("links").toString())
                .contains("https://www.facebook.com/" + pageId + "/posts/" + postId);

        String reply = agent.post(
                        "/api/v1/conversations/" + conversation + "/messages",
                        "{\"text\":\"Pahoittelut, korjaamme asian.\"}")
                .json()
                .get("messageId")
                .asString();
        awaitDelivery(conversation, reply, "sent");
        // The latest customer comment is answered, with the Page token.
        meta.graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + second + "/comments"))
                .withHeader("Authorization", equalTo("Bearer EAAB-page-token-" + pageId))
                .withRequestBody(matchingJsonPath("$.message", equalTo("Pahoittelut, korjaamme asian."))));
    }

    @Test
    void theSameEventTwiceAndEventsOutOfOrderEndInTheRightState() {
        String postId = pageId + "_" + MetaFixture.id();
        String commentId = pageId + "_" + MetaFixture.id();
        long t = now();
        // Hidden, then shown again (later), then the stale hide arrives once more, and only then the comment.
        meta.signed(
                SECRET,
                MetaPayloads.comment(pageId, t + 10, "hide", postId, commentId, postId, "77", "Ville", null, t));
        meta.signed(
                SECRET,
                MetaPayloads.comment(pageId, t + 20, "unhide", postId, commentId, postId, "77", "Ville", null, t));
        meta.signed(
                SECRET,
                MetaPayloads.comment(pageId, t + 10, "hide", postId, commentId, postId, "77", "Ville", null, t));
        meta.signed(
                SECRET,
                MetaPayloads.comment(
                        pageId, t + 30, "edited", postId, commentId, postId, "77", "Ville", "Paljon parempi nyt", t));
        String add =
                MetaPayloads.comment(pageId, t, "add", postId, commentId, postId, "77", "Ville", "Ihan kamalaa", t);
        meta.signed(SECRET, add);
        meta.signed(SECRET, add);
        UUID conversation = conversationOf(commentId);
        awaitProcessed();
        assertThat(db.sql("select count(*) from message where conversation_id = ?")
                        .param(conversation)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        Map<String, Object> item = item(commentId);
        assertThat(item.get("hidden")).isEqualTo(false);
        assertThat(item.get("edited_text")).isEqualTo("Paljon parempi nyt");
        // Removed by its author: kept and marked, never deleted.
        meta.signed(
                SECRET,
                MetaPayloads.comment(pageId, t + 40, "remove", postId, commentId, postId, "77", "Ville", null, t));
        awaitProcessed();
        JsonNode message = agent.get("/api/v1/conversations/" + conversation)
                .json()
                .get("messages")
                .get(0);
        assertThat(message.get("text").asString()).isNotBlank();
        assertThat(message.get("extra").get("marks").toString()).contains("removed-on-platform", "edited-on-platform");
    }

    @Test
    void thePagesOwnCommentsAndMessagesAreRecognisedAsEchoesNotCustomerMessages() {
        String postId = pageId + "_" + MetaFixture.id();
        String commentId = pageId + "_" + MetaFixture.id();
        String mid = "m_" + MetaFixture.id();
        meta.signed(
                SECRET,
                MetaPayloads.comment(
                        pageId, now(), "add", postId, commentId, postId, pageId, "Kahvila", "Kiitos kaikille!", now()));
        meta.signed(
                SECRET, MetaPayloads.messenger(pageId, "7001", mid, "Tervetuloa", System.currentTimeMillis(), true));
        awaitProcessed();
        assertThat(item(commentId).get("kind")).isEqualTo("echo");
        assertThat(item(mid).get("kind")).isEqualTo("echo");
        assertThat(item(commentId).get("message_id")).isNull();
    }

    @Test
    void messengerMessagesMakeOnePrivateConversationPerPersonAndRepliesLeaveInsideTheWindow() {
        String psid = MetaFixture.id();
        meta.signed(
                SECRET,
                MetaPayloads.messenger(
                        pageId,
                        psid,
                        "m_" + MetaFixture.id(),
                        "Missä tilaukseni on?",
                        System.currentTimeMillis(),
                        false));
        String image = "m_" + MetaFixture.id();
        meta.signed(
                SECRET,
                MetaPayloads.messengerImage(
                        pageId, psid, image, "https://scontent.xx.fbcdn.net/v/kuva.jpg", System.currentTimeMillis()));
        UUID conversation = conversationOf(image);
        JsonNode detail = agent.get("/api/v1/conversations/" + conversation).json();
        assertThat(detail.get("messages")).hasSize(2);
        assertThat(detail.get("messages").get(0).get("isPublic").asBoolean()).isFalse();
        assertThat(detail.get("messages").get(1).get("text").asString())
                .contains("[image] https://scontent.xx.fbcdn.net/v/kuva.jpg");
        assertThat(detail.get("messages").get(1).get("extra").get("links").toString())
                .contains("meta.window");

        String reply = agent.post(
                        "/api/v1/conversations/" + conversation + "/messages", "{\"text\":\"Tarkistan heti.\"}")
                .json()
                .get("messageId")
                .asString();
        awaitDelivery(conversation, reply, "sent");
        meta.graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + pageId + "/messages"))
                .withRequestBody(equalToJson("{\"recipient\":{\"id\":\"" + psid
                        + "\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"Tarkistan heti.\"}}")));
    }

    @Test
    void outsideTheWindowAReplyIsRefusedAndWithHumanAgentItLeavesTaggedUpToSevenDays() {
        long twoDaysAgo = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
        String psid = MetaFixture.id();
        String mid = "m_" + MetaFixture.id();
        meta.signed(SECRET, MetaPayloads.messenger(pageId, psid, mid, "Hei, vastaatteko?", twoDaysAgo, false));
        UUID conversation = conversationOf(mid);
        String late = agent.post("/api/v1/conversations/" + conversation + "/messages", "{\"text\":\"Anteeksi viive\"}")
                .json()
                .get("messageId")
                .asString();
        JsonNode failed = awaitDelivery(conversation, late, "failed");
        assertThat(failed.get("lastError").asString()).contains("24-hour");

        // The same on a Page whose workspace enabled the Human Agent tag.
        String humanPage = MetaFixture.id();
        meta.facebook(admin, humanPage, SECRET, "verify-" + humanPage, true);
        String mid2 = "m_" + MetaFixture.id();
        meta.signed(SECRET, MetaPayloads.messenger(humanPage, psid, mid2, "Hei taas", twoDaysAgo, false));
        UUID conversation2 = conversationOf(mid2);
        String tagged = agent.post(
                        "/api/v1/conversations/" + conversation2 + "/messages", "{\"text\":\"Nyt vastaamme\"}")
                .json()
                .get("messageId")
                .asString();
        awaitDelivery(conversation2, tagged, "sent");
        meta.graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + humanPage + "/messages"))
                .withRequestBody(matchingJsonPath("$.messaging_type", equalTo("MESSAGE_TAG")))
                .withRequestBody(matchingJsonPath("$.tag", equalTo("HUMAN_AGENT"))));
    }

    @Test
    void anExpiredTokenPutsTheChannelInErrorAndKeepsTheReplyQueuedWhileAPermanentErrorShowsMetasText() {
        String postId = pageId + "_" + MetaFixture.id();
        String commentId = pageId + "_" + MetaFixture.id();
        UUID conversation = commentArrives(postId, commentId, "88", "Anna", "Missä vastaus?");
        meta.failWith(
                "/v25\\.0/" + commentId + "/comments",
                400,
                "{\"error\":{\"message\":\"Error validating access token: Session has expired on Friday, 04-Dec-26 10:00:00 PST.\","
                        + "\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"A1b2C3d4\"}}");
        String reply = agent.post("/api/v1/conversations/" + conversation + "/messages", "{\"text\":\"Vastaus\"}")
                .json()
                .get("messageId")
                .asString();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode delivery = delivery(conversation, reply);
            assertThat(delivery.get("state").asString()).isEqualTo("pending");
            assertThat(delivery.get("lastError").asString()).contains("token expired");
        });
        JsonNode channel = admin.get("/api/v1/channels/" + channelId).json();
        assertThat(channel.get("status").asString()).isEqualTo("error");
        assertThat(channel.get("statusMessage").asString()).contains("token expired — reconnect");
        // The workspace's admins are told in the bell.
        assertThat(db.sql(
                                "select count(*) from notification where workspace_id = ? and user_id = ? and message_key = ?")
                        .params(ws.id(), ws.adminId(), "notification.channel.tokenExpired")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        String other = pageId + "_" + MetaFixture.id();
        meta.signed(
                SECRET,
                MetaPayloads.comment(pageId, now(), "add", postId, other, postId, "89", "Olli", "Entä minä?", now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> conversationOfOrNull(other) != null);
        meta.failWith(
                "/v25\\.0/" + other + "/comments",
                400,
                "{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\",\"code\":100,\"fbtrace_id\":\"X\"}}");
        String refused = agent.post("/api/v1/conversations/" + conversation + "/messages", "{\"text\":\"Toinen\"}")
                .json()
                .get("messageId")
                .asString();
        JsonNode failed = awaitDelivery(conversation, refused, "failed");
        assertThat(failed.get("lastError").asString()).contains("(#100) Invalid parameter");
    }

    @Test
    void moveToPrivateAnswersPubliclyAndPrivatelyAndLinksBothHalves() {
        String postId = pageId + "_" + MetaFixture.id();
        String commentId = pageId + "_" + MetaFixture.id();
        meta.signed(
                SECRET,
                MetaPayloads.comment(
                        pageId,
                        now(),
                        "add",
                        postId,
                        commentId,
                        postId,
                        "91",
                        "Raivo Asiakas",
                        "Tilaukseni katosi, ette vastaa!",
                        now()));
        UUID conversation = conversationOf(commentId);
        Api.Response moved = agent.post(
                "/api/v1/conversations/" + conversation + "/move-to-private",
                "{\"privateText\":\"Kerrotko tilausnumerosi?\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(202);
        String publicReply = moved.json().get("publicDeliveryId").asString();
        String privateReply = moved.json().get("privateDeliveryId").asString();
        UUID privateConversation =
                UUID.fromString(moved.json().get("privateConversationId").asString());
        awaitDelivery(conversation, publicReply, "sent");
        awaitDelivery(privateConversation, privateReply, "sent");
        meta.graph.verify(
                postRequestedFor(urlEqualTo("/v25.0/" + commentId + "/comments"))
                        .withRequestBody(
                                matchingJsonPath(
                                        "$.message",
                                        equalTo(
                                                "Kiitos viestistä! Lähetimme sinulle yksityisviestin, jotta voimme selvittää asian."))));
        meta.graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + pageId + "/messages"))
                .withRequestBody(equalToJson("{\"recipient\":{\"comment_id\":\"" + commentId
                        + "\"},\"message\":{\"text\":\"Kerrotko tilausnumerosi?\"}}")));

        JsonNode comment = agent.get("/api/v1/conversations/" + conversation)
                .json()
                .get("messages")
                .get(0);
        assertThat(comment.get("extra").get("marks").toString()).contains("moved-to-private");
        assertThat(comment.get("extra").get("links").toString()).contains("/conversations/" + privateConversation);
        JsonNode privateHalf =
                agent.get("/api/v1/conversations/" + privateConversation).json();
        assertThat(privateHalf.get("conversation").get("channel").asString()).isEqualTo("facebook");
        assertThat(privateHalf.get("messages").get(0).get("isPublic").asBoolean())
                .isFalse();
        assertThat(privateHalf.get("messages").get(0).get("extra").get("links").toString())
                .contains("/conversations/" + conversation);

        // Once per comment: the second attempt is refused with the reason, nothing more is sent.
        Api.Response again = agent.post("/api/v1/conversations/" + conversation + "/move-to-private", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asString()).contains("already answered privately");
    }

    @Test
    void thePlatformsRefusalOfAPrivateReplyBecomesAClearStateOnTheMessage() {
        String postId = pageId + "_" + MetaFixture.id();
        String commentId = pageId + "_" + MetaFixture.id();
        meta.signed(
                SECRET,
                MetaPayloads.comment(
                        pageId, now(), "add", postId, commentId, postId, "92", "Liisa", "Huono kokemus", now()));
        UUID conversation = conversationOf(commentId);
        meta.failWith(
                "/v25\\.0/" + pageId + "/messages",
                400,
                "{\"error\":{\"message\":\"(#10900) Activity already replied to\",\"type\":\"OAuthException\",\"code\":10900,\"fbtrace_id\":\"Y\"}}");
        Api.Response moved = agent.post("/api/v1/conversations/" + conversation + "/move-to-private", "{}");
        assertThat(moved.status()).isEqualTo(202);
        UUID privateConversation =
                UUID.fromString(moved.json().get("privateConversationId").asString());
        JsonNode failed = awaitDelivery(
                privateConversation, moved.json().get("privateDeliveryId").asString(), "failed");
        assertThat(failed.get("lastError").asString()).contains("(#10900) Activity already replied to");
    }

    @Test
    void aLeadHidesACommentOnThePlatformAndShowsItAgainNeverDeleting() {
        String postId = pageId + "_" + MetaFixture.id();
        String commentId = pageId + "_" + MetaFixture.id();
        meta.signed(
                SECRET,
                MetaPayloads.comment(
                        pageId, now(), "add", postId, commentId, postId, "93", "Trolli", "Roskaa koko firma", now()));
        UUID conversation = conversationOf(commentId);
        String messageId = agent.get("/api/v1/conversations/" + conversation)
                .json()
                .get("messages")
                .get(0)
                .get("id")
                .asString();
        // An agent's hide in the desk of a message the analysis did not find abusive stays in the desk.
        assertThat(agent.post("/api/v1/messages/" + messageId + "/platform-visibility", "{\"hidden\":true}")
                        .status())
                .isEqualTo(403);
        Api lead = admin; // admin includes lead
        assertThat(lead.post("/api/v1/messages/" + messageId + "/platform-visibility", "{\"hidden\":true}")
                        .status())
                .isEqualTo(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> meta.graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + commentId))
                        .withRequestBody(equalToJson("{\"is_hidden\":true}"))));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> Boolean.TRUE.equals(item(commentId).get("hidden")));
        assertThat(lead.post("/api/v1/messages/" + messageId + "/platform-visibility", "{\"hidden\":false}")
                        .status())
                .isEqualTo(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> meta.graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + commentId))
                        .withRequestBody(equalToJson("{\"is_hidden\":false}"))));
        assertThat(meta.graph.getAllServeEvents())
                .noneMatch(e -> e.getRequest().getMethod().getName().equals("DELETE"));
    }

    @Test
    void aReplyWaitingForARenewedTokenSpendsNoAttemptsAndLeavesOnceTheAdminEntersTheNewToken() {
        String postId = pageId + "_" + MetaFixture.id();
        String commentId = pageId + "_" + MetaFixture.id();
        UUID conversation = commentArrives(postId, commentId, "91", "Eeva", "Vastaatteko?");
        String path = "/v25.0/" + commentId + "/comments";
        meta.failWith(
                "/v25\\.0/" + commentId + "/comments",
                400,
                "{\"error\":{\"message\":\"Error validating access token: The session has been invalidated.\","
                        + "\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":460,\"fbtrace_id\":\"Q\"}}");
        String reply = reply(conversation, "Kyllä!");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> meta.graph.verify(postRequestedFor(urlEqualTo(path))));
        // Meta refused the token: the reply waits, and the refusal did not count as one of its attempts.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode d = delivery(conversation, reply);
            assertThat(d.get("state").asString()).isEqualTo("pending");
            assertThat(d.get("lastError").asString()).contains("token expired");
            assertThat(d.get("attempts").asInt()).isZero();
        });
        assertThat(admin.get("/api/v1/channels/" + channelId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("error");

        // The admin reconnects the Page with a new token; Meta takes it.
        meta.graph.stubFor(post(urlEqualTo(path))
                .atPriority(1)
                .willReturn(okJson("{\"id\":\"" + pageId + "_" + MetaFixture.id() + "\"}")));
        Api.Response renewed =
                admin.patch("/api/v1/channels/" + channelId, "{\"settings\":{\"pageAccessToken\":\"EAAB-renewed\"}}");
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.json().get("status").asString()).isEqualTo("ok");
        // Released at once (not after the hour a held reply otherwise waits), with the new token.
        awaitDelivery(conversation, reply, "sent");
        meta.graph.verify(postRequestedFor(urlEqualTo(path))
                .withHeader("Authorization", equalTo("Bearer EAAB-renewed"))
                .withRequestBody(equalToJson("{\"message\":\"Kyllä!\"}")));
    }

    @Test
    void aPublicReplyTriedAgainIsLookedUpOnFacebookFirstAndNeverPostedTwice() {
        String postId = pageId + "_" + MetaFixture.id();
        String first = pageId + "_" + MetaFixture.id();
        String second = pageId + "_" + MetaFixture.id();
        UUID conversation = commentArrives(postId, first, "95", "Ville", "Missä tilaus?");

        // Meta takes the reply but answers 500; the next try finds it among the comment's replies.
        String posted = pageId + "_" + MetaFixture.id();
        meta.failWith(
                "/v25\\.0/" + first + "/comments",
                500,
                "{\"error\":{\"message\":\"An unknown error occurred\",\"code\":1}}");
        meta.graph.stubFor(get(urlPathEqualTo("/v25.0/" + first + "/comments"))
                .atPriority(1)
                .willReturn(okJson("""
                        {"data":[
                          {"id":"%s_1","message":"Kyllä se tulee","from":{"id":"77","name":"Ville"},"created_time":"%s"},
                          {"id":"%s","message":"Tilaus lähti tänään.","from":{"id":"%s","name":"Kahvila"},"created_time":"%s"}
                        ],"paging":{"cursors":{"before":"a","after":"b"}}}
                        """.formatted(pageId, graphTime(), posted, pageId, graphTime()))));
        String reply = reply(conversation, "Tilaus lähti tänään.");
        awaitDelivery(conversation, reply, "sent");
        meta.graph.verify(1, postRequestedFor(urlEqualTo("/v25.0/" + first + "/comments")));
        meta.graph.verify(getRequestedFor(urlPathEqualTo("/v25.0/" + first + "/comments")));
        assertThat(db.sql(
                                "select platform_ref from meta_item where workspace_id = ? and message_id = ? and kind = 'sent'")
                        .params(ws.id(), UUID.fromString(reply))
                        .query(String.class)
                        .single())
                .isEqualTo(posted);

        // The connection breaks after the request left and the reply is not on Facebook: it is posted again.
        assertThat(commentArrives(postId, second, "96", "Sari", "Entä minun?")).isEqualTo(conversation);
        String secondPath = "/v25.0/" + second + "/comments";
        meta.graph.stubFor(post(urlEqualTo(secondPath))
                .atPriority(1)
                .inScenario("lost answer")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("answered"));
        meta.graph.stubFor(post(urlEqualTo(secondPath))
                .atPriority(1)
                .inScenario("lost answer")
                .whenScenarioStateIs("answered")
                .willReturn(okJson("{\"id\":\"" + pageId + "_" + MetaFixture.id() + "\"}")));
        String again = reply(conversation, "Tarkistamme.");
        awaitDelivery(conversation, again, "sent");
        meta.graph.verify(2, postRequestedFor(urlEqualTo(secondPath)));
        meta.graph.verify(1, getRequestedFor(urlPathEqualTo(secondPath)));
    }

    /** A customer's comment on the Page's post arrives by the webhook; returns its conversation. */
    UUID commentArrives(String postId, String commentId, String authorId, String name, String text) {
        assertThat(meta.signed(
                                SECRET,
                                MetaPayloads.comment(
                                        pageId, now(), "add", postId, commentId, postId, authorId, name, text, now()))
                        .status())
                .isEqualTo(200);
        return conversationOf(commentId);
    }

    /** An agent's reply in the conversation; returns its message id (also its delivery's). */
    String reply(UUID conversation, String text) {
        return agent.postJson("/api/v1/conversations/" + conversation + "/messages", Map.of("text", text))
                .json()
                .get("messageId")
                .asString();
    }

    static String graphTime() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
                .withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.now());
    }

    // --- helpers -------------------------------------------------------------------------------------------

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    long intakeRows() {
        return db.sql("select count(*) from meta_intake").query(Long.class).single();
    }

    void awaitProcessed() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> db.sql("select count(*) from meta_intake where state = 'pending'")
                                .query(Long.class)
                                .single()
                        == 0);
    }

    Map<String, Object> item(String platformId) {
        return db.sql("select * from meta_item where workspace_id = ? and platform_id = ?")
                .params(ws.id(), platformId)
                .query()
                .singleRow();
    }

    UUID conversationOfOrNull(String platformId) {
        List<UUID> found = db.sql(
                        "select conversation_id from meta_item where workspace_id = ? and platform_id = ? and conversation_id is not null")
                .params(ws.id(), platformId)
                .query(UUID.class)
                .list();
        return found.isEmpty() ? null : found.get(0);
    }

    UUID conversationOf(String platformId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> conversationOfOrNull(platformId) != null);
        return conversationOfOrNull(platformId);
    }

    JsonNode delivery(UUID conversation, String messageId) {
        for (JsonNode m :
                agent.get("/api/v1/conversations/" + conversation).json().get("messages")) {
            if (m.get("id").asString().equals(messageId)) return m.get("delivery");
        }
        throw new AssertionError("reply not found");
    }

    JsonNode awaitDelivery(UUID conversation, String messageId, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode d = delivery(conversation, messageId);
            assertThat(d).isNotNull();
            assertThat(d.get("state").asString()).as(d.toString()).isEqualTo(state);
        });
        return delivery(conversation, messageId);
    }
}
