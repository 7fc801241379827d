package fi.mokadesk.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import fi.mokadesk.channel.ChannelAdapter;
import fi.mokadesk.channel.Channels;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import fi.mokadesk.workspace.Access;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The email channel against a real IMAP and SMTP server (GreenMail): mails of every kind become
 * conversations, replies thread, nothing is imported twice, and replies leave with the right headers.
 */
class EmailChannelTest extends DeskTest {

    @RegisterExtension
    static GreenMailExtension mail =
            new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP)).withPerMethodLifecycle(false);

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    EmailPoller poller;

    @Autowired
    EmailChannel adapter;

    @Autowired
    Channels channels;

    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void disableChannels() {
        cleanups.forEach(Runnable::run);
        cleanups.clear();
    }

    record Desk(TestWorkspace ws, Api admin, Api agent, UUID channel, GreenMailUser box) {}

    private Desk desk(String name) {
        TestWorkspace ws = workspaces.create(name);
        String login = "desk-" + UUID.randomUUID().toString().substring(0, 8);
        GreenMailUser box = mail.setUser(login + "@kuppi.fi", login, "oikea-salasana");
        Api admin = api(ws.adminToken());
        Api.Response created = admin.postJson("/api/v1/channels", channel(name, login, "oikea-salasana"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().get("id").asString());
        cleanups.add(() -> admin.post("/api/v1/channels/" + id + "/disable", ""));
        return new Desk(ws, admin, api(ws.agentToken()), id, box);
    }

    private static Map<String, Object> channel(String name, String login, String password) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("imapHost", "127.0.0.1");
        settings.put("imapPort", mail.getImap().getPort());
        settings.put("imapSecurity", "none");
        settings.put("username", login);
        settings.put("password", password);
        settings.put("smtpHost", "127.0.0.1");
        settings.put("smtpPort", mail.getSmtp().getPort());
        settings.put("smtpSecurity", "none");
        settings.put("fromAddress", login + "@kuppi.fi");
        settings.put("fromName", "Kahvila Kuppi");
        settings.put("pollSeconds", 3600); // the tests read the mailbox themselves
        settings.put("idle", false);
        return Map.of("type", "email", "name", name + " posti", "settings", settings);
    }

    private static void deliver(GreenMailUser box, String raw) {
        deliver(box, raw.getBytes(StandardCharsets.UTF_8));
    }

    private static void deliver(GreenMailUser box, byte[] raw) {
        try {
            box.deliver(new MimeMessage(GreenMailUtil.getSession(ServerSetupTest.IMAP), new ByteArrayInputStream(raw)));
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the mailbox now (waiting while the background job happens to be reading it). */
    private EmailPoller.Polled poll(Desk desk) {
        for (int i = 0; i < 600; i++) {
            EmailPoller.Polled polled =
                    Access.callAs(Access.system(desk.ws().id(), "test"), () -> poller.poll(desk.channel()));
            if (polled.lastUid() >= 0 || polled.error() != null) return polled;
            sleep(100);
        }
        throw new AssertionError("the mailbox stayed busy");
    }

    private long channelErrorNotices(Desk desk) {
        return workspaces
                .owner()
                .sql("select count(*) from notification where workspace_id = ? and kind = 'channel.error'")
                .param(desk.ws().id())
                .query(Long.class)
                .single();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<JsonNode> conversations(Api api) {
        List<JsonNode> result = new ArrayList<>();
        api.get("/api/v1/conversations?channel=email&limit=100")
                .json()
                .get("items")
                .forEach(result::add);
        return result;
    }

    private static JsonNode withText(JsonNode messages, String text) {
        for (JsonNode m : messages) {
            if (m.get("text").asString().contains(text)) return m;
        }
        throw new AssertionError("no message with " + text + " in " + messages);
    }

    private static JsonNode conversationWithSubject(Api api, String subject) {
        return conversations(api).stream()
                .filter(c -> subject.equals(c.path("subject").asString(null)))
                .findFirst()
                .map(c -> api.get("/api/v1/conversations/" + c.get("id").asString())
                        .json())
                .orElseThrow(() -> new AssertionError("no conversation " + subject + " in " + conversations(api)));
    }

    @Test
    void anAdminConnectsAMailboxTheSecretNeverComesBackAndAWrongPasswordIsExplained() {
        Desk desk = desk("Posti Oy");
        JsonNode shown = desk.admin().get("/api/v1/channels/" + desk.channel()).json();
        assertThat(shown.get("type").asString()).isEqualTo("email");
        assertThat(shown.get("status").asString()).isEqualTo("ok");
        assertThat(shown.get("settings").get("password").get("set").asBoolean()).isTrue();
        assertThat(shown.get("settings").get("folder").asString()).isEqualTo("INBOX");
        assertThat(shown.toString()).doesNotContain("oikea-salasana");

        Map<String, Object> bad = new LinkedHashMap<>(channel("Väärä", "eiole", "x"));
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = new LinkedHashMap<>((Map<String, Object>) bad.get("settings"));
        settings.put("imapSecurity", "tls");
        bad.put("settings", settings);
        Api.Response refused = desk.admin().postJson("/api/v1/channels", bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("settings.imapSecurity");

        Api.Response wrong = desk.admin()
                .patch("/api/v1/channels/" + desk.channel(), "{\"settings\":{\"password\":\"väärä-salasana\"}}");
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.json().get("status").asString()).isEqualTo("error");
        assertThat(wrong.json().get("statusMessage").asString())
                .contains("IMAP-kirjautuminen epäonnistui: väärä salasana")
                .contains("IMAP sign-in failed");
        assertThat(poll(desk).error()).contains("väärä salasana");
        // The admins were told once for this error episode, not again by the poll that found it still failing.
        long told = channelErrorNotices(desk);
        assertThat(told).isPositive();
        assertThat(poll(desk).error()).contains("väärä salasana");
        assertThat(channelErrorNotices(desk)).isEqualTo(told);
        // Fixed, then broken again: a new episode, told again.
        assertThat(desk.admin()
                        .patch("/api/v1/channels/" + desk.channel(), "{\"settings\":{\"password\":\"oikea-salasana\"}}")
                        .json()
                        .get("status")
                        .asString())
                .isNotEqualTo("error");
        desk.admin().patch("/api/v1/channels/" + desk.channel(), "{\"settings\":{\"password\":\"väärä-salasana\"}}");
        assertThat(channelErrorNotices(desk)).isEqualTo(2 * told);

        Api.Response agentTries = desk.agent().postJson("/api/v1/channels", channel("x", "y", "z"));
        assertThat(agentTries.status()).isEqualTo(403);
    }

    @Test
    void mailsOfEveryKindBecomeConversationsWithTheirTextAttachmentsAndMarks() throws Exception {
        Desk desk = desk("Kuppi Oy");
        deliver(desk.box(), """
                From: Matti Meikäläinen <matti@example.fi>
                To: asiakaspalvelu@kuppi.fi
                Subject: Tilaus 12345
                Message-ID: <plain-1@example.fi>
                Content-Type: text/plain; charset=utf-8

                Hei, missä tilaukseni viipyy?
                """);
        deliver(desk.box(), """
                From: html@example.fi
                Subject: Vain HTML
                Message-ID: <html-1@example.fi>
                Content-Type: text/html; charset=utf-8

                <p>Kakku oli <b>herkullinen</b>!</p><script>alert(1)</script>
                """);
        deliver(desk.box(), """
                From: Päivi <paivi@example.fi>
                Subject: =?ISO-8859-1?Q?Lasinsiru_kahvissa_=E4=F6=E5?=
                Message-ID: <latin-1@example.fi>
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: 8bit

                Kahvissani oli lasinsiru. Hävettää!
                """.replace("Päivi", "=?ISO-8859-1?Q?P=E4ivi?=").getBytes(StandardCharsets.ISO_8859_1));
        String receipt = Base64.getMimeEncoder().encodeToString("%PDF-1.4 kuitti".getBytes(StandardCharsets.US_ASCII));
        deliver(desk.box(), """
                From: liisa@example.fi
                Subject: Kuitti liitteenä
                Message-ID: <attach-1@example.fi>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain; charset=utf-8

                Liitteenä kuitti.
                --b
                Content-Type: application/pdf; name="kuitti.pdf"
                Content-Disposition: attachment; filename="kuitti.pdf"
                Content-Transfer-Encoding: base64

                %s
                --b--
                """.formatted(receipt));
        deliver(desk.box(), """
                From: matti@example.fi
                Subject: Automaattinen vastaus: Tilaus 12345
                Auto-Submitted: auto-replied
                Message-ID: <auto-1@example.fi>

                Olen lomalla 8.12. asti.
                """);
        deliver(desk.box(), """
                From: Mail Delivery System <MAILER-DAEMON@mx.example.fi>
                Return-Path: <>
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <bounce-1@mx.example.fi>
                Content-Type: multipart/report; report-type=delivery-status; boundary=r

                --r
                Content-Type: text/plain

                Viestiä ei voitu toimittaa osoitteeseen eiole@example.fi.
                --r
                Content-Type: message/delivery-status

                Final-Recipient: rfc822; eiole@example.fi
                Status: 5.1.1
                --r--
                """);

        EmailPoller.Polled polled = poll(desk);
        assertThat(polled.error()).isNull();
        Api agent = desk.agent();

        JsonNode plain = conversationWithSubject(agent, "Tilaus 12345");
        JsonNode first = plain.get("messages").get(0);
        assertThat(first.get("text").asString()).isEqualTo("Hei, missä tilaukseni viipyy?");
        assertThat(first.get("authorEmail").asString()).isEqualTo("matti@example.fi");
        assertThat(first.get("authorName").asString()).isEqualTo("Matti Meikäläinen");

        JsonNode html =
                conversationWithSubject(agent, "Vain HTML").get("messages").get(0);
        assertThat(html.get("text").asString()).isEqualTo("Kakku oli herkullinen!");
        String htmlUrl = html.get("extra").get("htmlUrl").asString();
        HttpResponse<String> page = get(desk.ws().agentToken(), "/api/v1" + htmlUrl);
        assertThat(page.body()).contains("<b>herkullinen</b>").doesNotContain("<script");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("sandbox");

        JsonNode latin = conversationWithSubject(agent, "Lasinsiru kahvissa äöå")
                .get("messages")
                .get(0);
        assertThat(latin.get("text").asString()).isEqualTo("Kahvissani oli lasinsiru. Hävettää!");
        assertThat(latin.get("authorName").asString()).isEqualTo("Päivi");

        JsonNode withFile = conversationWithSubject(agent, "Kuitti liitteenä")
                .get("messages")
                .get(0);
        JsonNode file = withFile.get("extra").get("attachments").get(0);
        assertThat(file.get("name").asString()).isEqualTo("kuitti.pdf");
        HttpResponse<String> download =
                get(desk.ws().viewerToken(), "/api/v1" + file.get("url").asString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("%PDF-1.4 kuitti");
        assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment");
        assertThat(get(null, "/api/v1" + file.get("url").asString()).statusCode())
                .isEqualTo(401);
        Desk other = desk("Toinen Oy");
        assertThat(get(other.ws().adminToken(), "/api/v1" + file.get("url").asString())
                        .statusCode())
                .isEqualTo(404);

        // The auto-reply joins Matti's thread only if it says so; here it starts its own, marked.
        JsonNode auto = conversationWithSubject(agent, "Automaattinen vastaus: Tilaus 12345")
                .get("messages")
                .get(0);
        assertThat(auto.get("extra").get("marks").toString()).contains("auto-reply");
        JsonNode bounce = conversationWithSubject(agent, "Undelivered Mail Returned to Sender")
                .get("messages")
                .get(0);
        assertThat(bounce.get("extra").get("marks").toString()).contains("bounce");
        assertThat(bounce.get("text").asString()).contains("Viestiä ei voitu toimittaa");
        assertThat(conversations(agent)).hasSize(6);
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void repliesForwardsAndTokensFindTheirConversationAndNothingIsImportedTwice() {
        Desk desk = desk("Ketju Oy");
        deliver(desk.box(), """
                From: Pekka <pekka@example.fi>
                Subject: Reklamaatio
                Message-ID: <thread-a@example.fi>

                Kakku oli pilalla.
                """);
        poll(desk);
        JsonNode conversation = conversationWithSubject(desk.agent(), "Reklamaatio");
        String id = conversation.get("conversation").get("id").asString();

        deliver(desk.box(), """
                From: Pekka <pekka@example.fi>
                Subject: Re: Reklamaatio
                Message-ID: <thread-b@example.fi>
                In-Reply-To: <thread-a@example.fi>
                References: <thread-a@example.fi>

                Lisäksi kynttilät puuttuivat.

                Pekka <pekka@example.fi> kirjoitti:
                > Kakku oli pilalla.
                """);
        String token = workspaces
                .owner()
                .sql("select token from email_thread where workspace_id = ? and channel_id = ?")
                .params(desk.ws().id(), desk.channel())
                .query(String.class)
                .single();
        deliver(desk.box(), """
                From: pekka.toinen@example.fi
                Subject: Vielä yksi asia [#%s]
                Message-ID: <thread-c@example.fi>

                Kirjoitan toisesta osoitteesta.
                """.formatted(token));
        deliver(desk.box(), """
                From: %s
                Subject: VS: kakusta
                Message-ID: <fwd-1@kuppi.fi>

                Tämä tuli minulle.

                ---------- Forwarded message ---------
                From: Pekka <pekka@example.fi>
                Subject: kakusta
                To: <agentti@kuppi.fi>

                Soitin myös, kukaan ei vastannut.
                """.formatted(desk.ws().agentEmail()));
        poll(desk);

        JsonNode thread = desk.agent().get("/api/v1/conversations/" + id).json();
        JsonNode messages = thread.get("messages");
        assertThat(messages).hasSize(4);
        // Mails read in one poll may carry the same arrival second: found by their text, not their order.
        JsonNode reply = withText(messages, "kynttilät");
        assertThat(reply.get("extra").get("quotedFrom").asInt()).isPositive();
        assertThat(withText(messages, "toisesta osoitteesta").get("authorEmail").asString())
                .isEqualTo("pekka.toinen@example.fi");
        JsonNode forwarded = withText(messages, "Soitin myös");
        assertThat(forwarded.get("authorEmail").asString()).isEqualTo("pekka@example.fi");
        assertThat(forwarded.get("extra").get("marks").toString()).contains("forwarded");
        assertThat(conversations(desk.agent())).hasSize(1);

        // The bookkeeping lost (as after a restore) or the server renumbering its folder: nothing twice.
        workspaces
                .owner()
                .sql("update email_mailbox set last_uid = 0 where channel_id = ?")
                .param(desk.channel())
                .update();
        assertThat(poll(desk).imported()).isZero();
        workspaces
                .owner()
                .sql("update email_mailbox set uid_validity = uid_validity + 1 where channel_id = ?")
                .param(desk.channel())
                .update();
        EmailPoller.Polled again = poll(desk);
        assertThat(again.imported()).isZero();
        assertThat(again.skipped()).isEqualTo(4);
        assertThat(desk.agent().get("/api/v1/conversations/" + id).json().get("messages"))
                .hasSize(4);

        // The server hands out the same mail once more (a copy re-delivered): still the same one message.
        deliver(desk.box(), """
                From: Pekka <pekka@example.fi>
                Subject: Reklamaatio
                Message-ID: <thread-a@example.fi>

                Kakku oli pilalla.
                """);
        assertThat(poll(desk).imported()).isZero();
        assertThat(desk.agent().get("/api/v1/conversations/" + id).json().get("messages"))
                .hasSize(4);
    }

    @Test
    void hostileMailsAreKeptAsWellAsTheyCanBeAndTheMailsAfterThemArrive() {
        Desk desk = desk("Kestävä Oy");
        deliver(desk.box(), """
                From: a@example.fi
                Subject: Rikkinäinen raja
                Content-Type: multipart/mixed; boundary="ei-ole"

                --joku-muu
                Content-Type: text/plain

                Teksti ilman oikeaa rajaa.
                """);
        StringBuilder big = new StringBuilder("""
                From: iso@example.fi
                Subject: Valtava viesti
                Content-Type: text/plain; charset=utf-8

                """);
        while (big.length() < 3 * 1024 * 1024) big.append("Tämä rivi toistuu ja toistuu ja toistuu.\n");
        deliver(desk.box(), big.toString());
        deliver(desk.box(), """
                From: b@example.fi
                Subject: =?x-tuntematon?Q?outo?=
                Content-Type: text/plain; charset=x-tuntematon-merkisto

                Väärin merkitty merkistö.
                """);
        deliver(desk.box(), """
                From: c@example.fi
                Subject: Kunnon viesti rikkinäisten jälkeen
                Message-ID: <after@example.fi>

                Tämän pitää tulla perille.
                """);
        EmailPoller.Polled polled = poll(desk);
        assertThat(polled.error()).isNull();
        assertThat(conversations(desk.agent())).hasSize(4);
        JsonNode after = conversationWithSubject(desk.agent(), "Kunnon viesti rikkinäisten jälkeen");
        assertThat(after.get("messages").get(0).get("text").asString()).isEqualTo("Tämän pitää tulla perille.");
        JsonNode broken = conversationWithSubject(desk.agent(), "Rikkinäinen raja");
        assertThat(broken.get("messages").get(0).get("text").asString()).contains("Teksti ilman oikeaa rajaa.");
        JsonNode huge = conversationWithSubject(desk.agent(), "Valtava viesti")
                .get("messages")
                .get(0);
        assertThat(huge.get("text").asString()).startsWith("Tämä rivi toistuu");
        assertThat(huge.get("extra").get("marks").toString()).contains("truncated");
    }

    @Test
    void aReplyLeavesOverSmtpWithThreadHeadersAndIsNeverSentTwice() throws Exception {
        Desk desk = desk("Vastaus Oy");
        deliver(desk.box(), """
                From: Sanna <sanna@example.fi>
                Reply-To: sanna.vastaukset@example.fi
                Subject: Lahjakortti
                Message-ID: <gift-1@example.fi>
                References: <older@example.fi>

                Voiko lahjakortin käyttää verkkokaupassa?
                """);
        poll(desk);
        JsonNode conversation = conversationWithSubject(desk.agent(), "Lahjakortti");
        String threadKey = conversation.get("threadKey").asString();
        String token = workspaces
                .owner()
                .sql("select token from email_thread where thread_key = ?")
                .param(threadKey)
                .query(String.class)
                .single();
        UUID replyId = UUID.randomUUID();
        String payload = Api.JSON.writeValueAsString(Map.of(
                "event",
                "reply.created",
                "workspaceId",
                desk.ws().id().toString(),
                "conversationId",
                conversation.get("conversation").get("id").asString(),
                "messageId",
                replyId.toString(),
                "threadKey",
                threadKey,
                "author",
                "Agentti",
                "text",
                "Hei Sanna,\n\nkyllä voi: syötä koodi kassalla.\n\nTerveisin Kuppi"));
        int before = mail.getReceivedMessages().length;

        ChannelAdapter.Outcome sent = send(desk, replyId, payload);
        assertThat(sent.kind()).isEqualTo(ChannelAdapter.Outcome.Kind.SENT);
        MimeMessage[] received = mail.getReceivedMessagesForDomain("example.fi");
        MimeMessage reply = received[received.length - 1];
        assertThat(reply.getAllRecipients()[0].toString()).isEqualTo("sanna.vastaukset@example.fi");
        assertThat(reply.getSubject()).isEqualTo("Re: Lahjakortti [#" + token + "]");
        assertThat(reply.getHeader("In-Reply-To")[0]).isEqualTo("<gift-1@example.fi>");
        assertThat(reply.getHeader("References")[0]).isEqualTo("<older@example.fi> <gift-1@example.fi>");
        assertThat(reply.getMessageID()).isEqualTo("<reply." + replyId + "@kuppi.fi>");
        assertThat(reply.getFrom()[0].toString()).contains("Kahvila Kuppi");
        assertThat(reply.getContentType()).startsWith("multipart/alternative");
        jakarta.mail.Multipart versions = (jakarta.mail.Multipart) reply.getContent();
        assertThat(versions.getBodyPart(0).getContent().toString()).contains("kyllä voi: syötä koodi kassalla.");
        assertThat(versions.getBodyPart(1).getContent().toString()).contains("<p>kyllä voi: syötä koodi kassalla.</p>");

        // Sent again (the outbox retried after losing the answer): nothing leaves a second time.
        assertThat(send(desk, replyId, payload).kind()).isEqualTo(ChannelAdapter.Outcome.Kind.SENT);
        assertThat(mail.getReceivedMessages()).hasSize(before + 1);

        // A crash between the server's acceptance and the record: not found in the mailbox, so not resent.
        UUID crashed = UUID.randomUUID();
        workspaces
                .owner()
                .sql("""
                        insert into email_sent (workspace_id, message_id, channel_id, header_message_id, thread_key,
                                                recipient, state)
                        values (?, ?, ?, ?, ?, 'sanna@example.fi', 'sending')
                        """)
                .params(desk.ws().id(), crashed, desk.channel(), "reply." + crashed + "@kuppi.fi", threadKey)
                .update();
        ChannelAdapter.Outcome uncertain = send(desk, crashed, payload.replace(replyId.toString(), crashed.toString()));
        assertThat(uncertain.kind()).isEqualTo(ChannelAdapter.Outcome.Kind.UNCERTAIN);
        assertThat(mail.getReceivedMessages()).hasSize(before + 1);

        // The customer answers the reply: it joins the conversation by the reply's Message-ID.
        deliver(desk.box(), """
                From: sanna@example.fi
                Subject: Re: Lahjakortti
                Message-ID: <gift-2@example.fi>
                In-Reply-To: <reply.%s@kuppi.fi>

                Kiitos!
                """.formatted(replyId));
        poll(desk);
        assertThat(desk.agent()
                        .get("/api/v1/conversations/"
                                + conversation.get("conversation").get("id").asString())
                        .json()
                        .get("messages"))
                .hasSize(2);

        // An unreachable server (a closed port): the delivery is tried again later.
        Map<String, Object> unreachable = new LinkedHashMap<>(settings(desk));
        unreachable.put("smtpPort", 1);
        ChannelAdapter.Outcome retry = Access.callAs(
                Access.system(desk.ws().id(), "test"),
                () -> adapter.send(
                        unreachable,
                        new ChannelAdapter.Delivery(
                                desk.ws().id(),
                                UUID.randomUUID(),
                                "",
                                payload.replace(
                                        replyId.toString(), UUID.randomUUID().toString()))));
        assertThat(retry.kind()).isEqualTo(ChannelAdapter.Outcome.Kind.RETRY);
        assertThat(retry.reason()).contains("SMTP");
    }

    @Test
    void anAgentsReplyInAnEmailConversationLeavesThroughTheOutboxByItsMailbox() throws Exception {
        Desk desk = desk("Lähtevä Oy");
        deliver(desk.box(), """
                From: Olli <olli@example.fi>
                Subject: Aukioloajat
                Message-ID: <hours-1@example.fi>

                Oletteko auki jouluaattona?
                """);
        poll(desk);
        // The team also wants the replies in the mailbox's Sent folder.
        assertThat(desk.admin()
                        .patch("/api/v1/channels/" + desk.channel(), "{\"settings\":{\"sentCopy\":true}}")
                        .status())
                .isEqualTo(200);
        String conversation = conversationWithSubject(desk.agent(), "Aukioloajat")
                .get("conversation")
                .get("id")
                .asString();
        Api.Response written = desk.agent()
                .post(
                        "/api/v1/conversations/" + conversation + "/messages",
                        "{\"text\":\"Hei Olli, jouluaattona olemme auki klo 9–13.\"}");
        assertThat(written.status()).isEqualTo(201);
        String reply = written.json().get("messageId").asString();

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .until(() -> java.util.Arrays.stream(mail.getReceivedMessagesForDomain("example.fi"))
                        .anyMatch(m -> messageId(m)
                                .equals("<reply." + reply + "@"
                                        + desk.box().getEmail().split("@")[1] + ">")));
        MimeMessage sent = java.util.Arrays.stream(mail.getReceivedMessagesForDomain("example.fi"))
                .filter(m -> messageId(m).contains(reply))
                .findFirst()
                .orElseThrow();
        assertThat(sent.getAllRecipients()[0].toString()).isEqualTo("olli@example.fi");
        assertThat(sent.getHeader("In-Reply-To")[0]).isEqualTo("<hours-1@example.fi>");
        assertThat(sent.getSubject()).startsWith("Re: Aukioloajat [#");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> desk.agent()
                        .get("/api/v1/conversations/" + conversation)
                        .json()
                        .get("messages")
                        .get(1)
                        .path("delivery")
                        .path("state")
                        .asString("")
                        .equals("sent"));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> sentFolder(desk).stream().anyMatch(id -> id.contains(reply)));
    }

    /** The Message-IDs in the mailbox's Sent folder (none while it does not exist). */
    private static List<String> sentFolder(Desk desk) {
        try {
            var folder = mail.getManagers().getImapHostManager().getFolder(desk.box(), "Sent");
            if (folder == null) return List.of();
            List<String> ids = new ArrayList<>();
            for (var stored : folder.getMessages()) ids.add(messageId(stored.getMimeMessage()));
            return ids;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static String messageId(MimeMessage m) {
        try {
            return String.valueOf(m.getMessageID());
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private Map<String, Object> settings(Desk desk) {
        return Access.callAs(
                Access.system(desk.ws().id(), "test"),
                () -> channels.settingsForWork(desk.channel()).orElseThrow());
    }

    private ChannelAdapter.Outcome send(Desk desk, UUID messageId, String payload) {
        return Access.callAs(
                Access.system(desk.ws().id(), "test"),
                () -> adapter.send(
                        settings(desk), new ChannelAdapter.Delivery(desk.ws().id(), messageId, "", payload)));
    }
}
