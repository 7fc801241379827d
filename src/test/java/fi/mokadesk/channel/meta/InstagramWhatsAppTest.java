package fi.mokadesk.channel.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Instagram comments and messages, and WhatsApp messages, media and statuses, against the fake Graph API. */
class InstagramWhatsAppTest extends DeskTest {

    static final String SECRET = "app-secret-some-456";

    @Autowired
    TestWorkspaces workspaces;

    MetaFixture meta;
    TestWorkspace ws;
    Api admin;
    Api agent;
    JdbcClient db;

    @BeforeEach
    void start() {
        meta = new MetaFixture("http://localhost:" + port);
        ws = workspaces.create("Kauppa Some Oy");
        admin = api(ws.adminToken());
        agent = api(ws.agentToken());
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
    void instagramCommentsShareOneConversationPerMediaAndRepliesGoToTheCommentsReplies() {
        String igId = MetaFixture.id();
        meta.instagram(admin, igId, SECRET, "verify-" + igId);
        String mediaId = MetaFixture.id();
        String commentId = MetaFixture.id();
        long now = System.currentTimeMillis() / 1000;
        assertThat(meta.signed(
                                SECRET,
                                MetaPayloads.instagramComment(
                                        igId, now, commentId, "1789", "kahvi_kati", mediaId, "Miksi tilaus myöhässä?"))
                        .status())
                .isEqualTo(200);
        UUID conversation = conversationOf(commentId);
        JsonNode message = agent.get("/api/v1/conversations/" + conversation)
                .json()
                .get("messages")
                .get(0);
        assertThat(message.get("isPublic").asBoolean()).isTrue();
        assertThat(message.get("authorHandle").asString()).isEqualTo("@kahvi_kati");
        String reply = agent.post("/api/v1/conversations/" + conversation + "/messages", "{\"text\":\"Selvitämme!\"}")
                .json()
                .get("messageId")
                .asString();
        awaitDelivery(conversation, reply, "sent");
        meta.graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + commentId + "/replies"))
                .withHeader("Authorization", equalTo("Bearer IG-token-" + igId))
                .withRequestBody(matchingJsonPath("$.message", equalTo("Selvitämme!"))));

        String igsid = MetaFixture.id();
        String mid = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlE" + MetaFixture.id();
        meta.signed(
                SECRET,
                MetaPayloads.instagramMessage(
                        igId, igsid, mid, "Hei, kysyisin tilauksesta", System.currentTimeMillis()));
        UUID dm = conversationOf(mid);
        assertThat(dm).isNotEqualTo(conversation);
        String dmReply = agent.post("/api/v1/conversations/" + dm + "/messages", "{\"text\":\"Kerro lisää\"}")
                .json()
                .get("messageId")
                .asString();
        awaitDelivery(dm, dmReply, "sent");
        meta.graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + igId + "/messages"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(igsid))));
    }

    @Test
    void whatsappMessagesMediaAndStatusesArriveAndRepliesStayInsideTheWindow() throws Exception {
        String wabaId = MetaFixture.id();
        String phoneNumberId = MetaFixture.id();
        meta.whatsapp(admin, wabaId, phoneNumberId, SECRET, "verify-" + wabaId);
        String waId = "358401" + MetaFixture.id().substring(0, 6);
        long ts = System.currentTimeMillis() / 1000;
        String wamid = "wamid.HBgLMzU4NDAx" + MetaFixture.id();
        assertThat(meta.signed(
                                SECRET,
                                MetaPayloads.whatsappText(
                                        wabaId, phoneNumberId, waId, "Sanna Korhonen", wamid, "Paketti ei tullut", ts))
                        .status())
                .isEqualTo(200);
        UUID conversation = conversationOf(wamid);
        JsonNode first = agent.get("/api/v1/conversations/" + conversation)
                .json()
                .get("messages")
                .get(0);
        assertThat(first.get("authorName").asString()).isEqualTo("Sanna Korhonen");
        assertThat(first.get("isPublic").asBoolean()).isFalse();

        // An image: its address from GET /{media-id}, the file with the token, the hash checked.
        byte[] photo = "JPEG-kuva-rikkinaisesta-paketista".getBytes(StandardCharsets.UTF_8);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo));
        String mediaId = MetaFixture.id();
        meta.graph.stubFor(get(urlPathEqualTo("/v25.0/" + mediaId))
                .atPriority(1)
                .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"url\":\"" + meta.graphUrl()
                        + "/whatsapp_business/attachments/?mid=" + mediaId
                        + "\",\"mime_type\":\"image/jpeg\",\"sha256\":\"" + sha + "\",\"file_size\":" + photo.length
                        + ",\"id\":\"" + mediaId + "\"}")));
        meta.graph.stubFor(get(urlPathEqualTo("/whatsapp_business/attachments/"))
                .willReturn(aResponse().withStatus(200).withBody(photo)));
        String imageId = "wamid.HBgLMzU4NDAy" + MetaFixture.id();
        meta.signed(
                SECRET,
                MetaPayloads.whatsappImage(
                        wabaId, phoneNumberId, waId, "Sanna Korhonen", imageId, mediaId, sha, ts + 1));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> db.sql(
                                        "select count(*) from meta_media where workspace_id = ? and media_id = ? and content is not null")
                                .params(ws.id(), mediaId)
                                .query(Long.class)
                                .single()
                        == 1);
        JsonNode image = agent.get("/api/v1/conversations/" + conversation)
                .json()
                .get("messages")
                .get(1);
        assertThat(image.get("text").asString()).contains("[image]", "Rikki");
        assertThat(image.get("extra").get("attachments").get(0).get("url").asString())
                .startsWith("/whatsapp/media/");

        String outId = "wamid.OUT" + MetaFixture.id();
        meta.graph.stubFor(post(urlEqualTo("/v25.0/" + phoneNumberId + "/messages"))
                .atPriority(1)
                .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + waId
                        + "\",\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"id\":\"" + outId + "\"}]}")));
        String reply = agent.post(
                        "/api/v1/conversations/" + conversation + "/messages", "{\"text\":\"Lähetämme uuden\"}")
                .json()
                .get("messageId")
                .asString();
        awaitDelivery(conversation, reply, "sent");
        meta.graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + phoneNumberId + "/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo(waId)))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.text.body", equalTo("Lähetämme uuden"))));
        // Read arrives before delivered: read stays.
        meta.signed(SECRET, MetaPayloads.whatsappStatus(wabaId, phoneNumberId, outId, waId, "read", ts + 20));
        meta.signed(SECRET, MetaPayloads.whatsappStatus(wabaId, phoneNumberId, outId, waId, "delivered", ts + 10));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode sent = message(conversation, reply);
            assertThat(sent.get("extra")).as("the read mark arrived").isNotNull();
            assertThat(String.valueOf(sent.get("extra").get("marks"))).contains("platform-read");
        });

        // A customer who last wrote two days ago cannot get a free-form message.
        String oldNumber = "358402" + MetaFixture.id().substring(0, 6);
        String old = "wamid.HBgLMzU4NDAz" + MetaFixture.id();
        meta.signed(
                SECRET,
                MetaPayloads.whatsappText(wabaId, phoneNumberId, oldNumber, "Vanha", old, "Hei", ts - 2 * 86400));
        UUID stale = conversationOf(old);
        String late = agent.post("/api/v1/conversations/" + stale + "/messages", "{\"text\":\"Myöhässä\"}")
                .json()
                .get("messageId")
                .asString();
        JsonNode failed = awaitDelivery(stale, late, "failed");
        assertThat(failed.get("lastError").asString()).contains("24-hour", "template");

        // An approved template from the account's list may still be sent.
        meta.graph.stubFor(
                get(urlPathEqualTo("/v25.0/" + wabaId + "/message_templates")).willReturn(okJson("""
                {"data":[{"name":"tilaus_tila","language":"fi","status":"APPROVED","category":"UTILITY",
                          "components":[{"type":"BODY","text":"Hei! Palaamme asiaasi pian."}],"id":"594425479261596"},
                         {"name":"kampanja","language":"fi","status":"APPROVED","category":"MARKETING",
                          "components":[{"type":"BODY","text":"Hei {{1}}!"}],"id":"594425479261597"}],
                 "paging":{"cursors":{"before":"MAZDZD","after":"MjQZD"}}}
                """)));
        JsonNode templates = agent.get("/api/v1/conversations/" + stale + "/whatsapp-templates")
                .json();
        assertThat(templates.toString()).contains("tilaus_tila").doesNotContain("kampanja");
        Api.Response sentTemplate = agent.post(
                "/api/v1/conversations/" + stale + "/whatsapp-template",
                "{\"name\":\"tilaus_tila\",\"language\":\"fi\"}");
        assertThat(sentTemplate.status()).as(sentTemplate.body()).isEqualTo(202);
        awaitDelivery(stale, sentTemplate.json().get("deliveryId").asString(), "sent");
        meta.graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + phoneNumberId + "/messages"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("template")))
                .withRequestBody(matchingJsonPath("$.template.name", equalTo("tilaus_tila")))
                .withRequestBody(matchingJsonPath("$.template.language.code", equalTo("fi"))));
        assertThat(agent.post(
                                "/api/v1/conversations/" + stale + "/whatsapp-template",
                                "{\"name\":\"kampanja\",\"language\":\"fi\"}")
                        .status())
                .isEqualTo(400);
    }

    UUID conversationOf(String platformId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !ids(platformId).isEmpty());
        return ids(platformId).get(0);
    }

    List<UUID> ids(String platformId) {
        return db.sql(
                        "select conversation_id from meta_item where workspace_id = ? and platform_id = ? and conversation_id is not null")
                .params(ws.id(), platformId)
                .query(UUID.class)
                .list();
    }

    JsonNode message(UUID conversation, String messageId) {
        for (JsonNode m :
                agent.get("/api/v1/conversations/" + conversation).json().get("messages")) {
            if (m.get("id").asString().equals(messageId)) return m;
        }
        throw new AssertionError("message not found");
    }

    JsonNode awaitDelivery(UUID conversation, String messageId, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode d = message(conversation, messageId).get("delivery");
            assertThat(d).isNotNull();
            assertThat(d.get("state").asString()).as(d.toString()).isEqualTo(state);
        });
        return message(conversation, messageId).get("delivery");
    }
}
