package fi.mokadesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.RowCounts;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Each kind of bad input that once answered 500: now a 400/415 with a reason, and nothing written. */
@ExtendWith(OutputCaptureExtension.class)
class BadInputTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    TestWorkspace ws;
    Api agent;
    Api admin;
    String conversation;
    String message;

    @BeforeEach
    void workspace() {
        ws = workspaces.create("Huono syöte Oy");
        agent = api(ws.agentToken());
        admin = api(ws.adminToken());
        Api.Response first = agent.post("/api/v1/messages", "{\"externalId\":\"first\",\"text\":\"Hei, paketti?\"}");
        conversation = first.json().get("conversationId").asString();
        message = first.json().get("messageId").asString();
    }

    private Map<String, Long> rows() {
        return RowCounts.of(workspaces.owner(), ws.id());
    }

    /** The answer is a 400 (or the given status) naming the field, and no row changed. */
    private void refused(int status, String field, Supplier<Api.Response> request) {
        Map<String, Long> before = rows();
        Api.Response response = request.get();
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("message").asString()).isNotBlank();
        if (field != null) assertThat(response.json().get("field").asString()).isEqualTo(field);
        assertThat(rows()).as("rows after a refused request").isEqualTo(before);
    }

    @Test
    void nulCharactersInParametersAndFieldsAreRefusedNamingTheField() {
        refused(400, "q", () -> agent.get("/api/v1/conversations?q=a%00b"));
        refused(400, "channel", () -> agent.get("/api/v1/conversations?channel=api%00"));
        refused(400, "entityType", () -> admin.get("/api/v1/audit?entityType=conversation%00"));
        refused(400, "entityId", () -> admin.get("/api/v1/audit?entityId=%00"));
        refused(400, "series", () -> agent.get("/api/v1/storms/series?series=all%00&hours=2"));
        refused(400, "tags", () -> agent.patch("/api/v1/conversations/" + conversation, "{\"tags\":[\"a\\u0000\"]}"));
        refused(400, "reason", () -> agent.post("/api/v1/messages/" + message + "/hide", "{\"reason\":\"x\\u0000\"}"));
        refused(400, "name", () -> admin.putJson("/api/v1/workspace", Map.of("name", "Nimi\u0000")));
        refused(
                400,
                "email",
                () -> admin.postJson(
                        "/api/v1/workspace/members", Map.of("email", "uusi\u0000@example.fi", "role", "agent")));
        refused(
                400,
                "displayName",
                () -> admin.postJson(
                        "/api/v1/workspace/members",
                        Map.of("email", "uusi@example.fi", "displayName", "U\u0000", "role", "agent")));
        refused(
                400,
                "name",
                () -> admin.postJson("/api/v1/workspace/tokens", Map.of("name", "t\u0000", "role", "agent")));
        refused(
                400,
                "channel",
                () -> agent.postJson("/api/v1/messages", Map.of("text", "hei", "channel", "api\u0000")));
        refused(
                400,
                "externalId",
                () -> agent.postJson("/api/v1/messages", Map.of("text", "hei", "externalId", "x\u0000")));
    }

    @Test
    void loneSurrogatesInIngestKeysAreRefusedBeforeAnythingIsStoredAndOnEveryRetry() {
        for (String body : new String[] {
            "{\"text\":\"hei\",\"externalId\":\"a\\ud800b\"}",
            "{\"text\":\"hei\",\"threadKey\":\"t\\udc00\"}",
            "{\"text\":\"hei\",\"author\":{\"handle\":\"h\\ud83d\"}}",
            "{\"text\":\"hei\",\"author\":{\"email\":\"\\ud800@example.fi\"}}"
        }) {
            String field = body.contains("externalId")
                    ? "externalId"
                    : body.contains("threadKey")
                            ? "threadKey"
                            : body.contains("handle") ? "author.handle" : "author.email";
            refused(400, field, () -> agent.post("/api/v1/messages", body));
            refused(400, field, () -> agent.post("/api/v1/messages", body)); // the retry answers the same
        }
    }

    @Test
    void brokenCharactersInFreeTextAreKeptAsReplacementCharactersAndRetriesFindTheMessage() {
        String body = "{\"externalId\":\"broken-1\",\"subject\":\"s\\udc00\",\"author\":{\"name\":\"N\\ud800\"},"
                + "\"text\":\"hei \\ud83d rikki \\u0000 ja 😀 ehjä\"}";
        Api.Response first = agent.post("/api/v1/messages", body);
        Api.Response again = agent.post("/api/v1/messages", body);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("messageId").asString())
                .isEqualTo(first.json().get("messageId").asString());
        var stored = agent.get("/api/v1/conversations/"
                        + first.json().get("conversationId").asString())
                .json()
                .get("messages")
                .get(0);
        assertThat(stored.get("text").asString()).isEqualTo("hei \uFFFD rikki \uFFFD ja 😀 ehjä");
        assertThat(stored.get("authorName").asString()).isEqualTo("N\uFFFD");
    }

    @Test
    void invalidPercentEncodingAndInvalidUtf8AreRefusedWithAReason() {
        String token = "Bearer " + ws.agentToken();
        for (String query : new String[] {"q=%zz", "q=%C3%28", "q=%ff", "q=%", "cursor=%%%", "q=%e2%82"}) {
            Map<String, Long> before = rows();
            FormSession.Raw answer = FormSession.raw(
                    port, "GET", "/api/v1/conversations?" + query, Map.of("Authorization", token), new byte[0]);
            assertThat(answer.status()).as(query + " " + answer.body()).isEqualTo(400);
            assertThat(answer.body())
                    .contains("percent-encoded UTF-8")
                    .contains("\"field\":\"" + query.substring(0, query.indexOf('=')) + "\"");
            assertThat(rows()).isEqualTo(before);
        }
        FormSession.Raw body = FormSession.raw(
                port,
                "POST",
                "/api/v1/messages",
                Map.of("Authorization", token, "Content-Type", "application/json"),
                "{\"text\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(body.status()).as(body.body()).isEqualTo(400);
        FormSession.Raw page = FormSession.raw(port, "GET", "/login?lang=%zz", Map.of(), new byte[0]);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("lang is not valid percent-encoded UTF-8");
    }

    @Test
    void aWildcardOrMalformedContentTypeIs415WithAReason() {
        for (String type : new String[] {"*/*", "application/*", "json", "a/b; x"}) {
            Map<String, Long> before = rows();
            FormSession.Raw answer = FormSession.raw(
                    port,
                    "POST",
                    "/api/v1/messages",
                    Map.of("Authorization", "Bearer " + ws.agentToken(), "Content-Type", type),
                    "{\"text\":\"hei\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).as(type + " " + answer.body()).isEqualTo(415);
            assertThat(answer.body()).contains("application/json");
            assertThat(rows()).isEqualTo(before);
        }
    }

    @Test
    void aClientThatAcceptsNoJsonIsToldBeforeAReplyIsStoredAndSent() {
        for (String accept : new String[] {"text/csv", "garbage", "application/json;q=0"}) {
            Map<String, Long> before = rows();
            FormSession.Raw answer = FormSession.raw(
                    port,
                    "POST",
                    "/api/v1/conversations/" + conversation + "/messages",
                    Map.of(
                            "Authorization",
                            "Bearer " + ws.agentToken(),
                            "Content-Type",
                            "application/json",
                            "Accept",
                            accept),
                    "{\"type\":\"reply\",\"text\":\"Kiitos viestistä!\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).as(accept + " " + answer.body()).isEqualTo(406);
            assertThat(answer.body()).contains("application/json");
            assertThat(rows()).as("no reply stored for " + accept).isEqualTo(before);
        }
        FormSession.Raw json = FormSession.raw(
                port,
                "GET",
                "/api/v1/conversations/" + conversation,
                Map.of("Authorization", "Bearer " + ws.agentToken(), "Accept", "text/html, application/*;q=0.5"),
                new byte[0]);
        assertThat(json.status()).isEqualTo(200);
    }

    @Test
    void aNonBooleanAbusiveIsRefused() {
        refused(400, "abusive", () -> agent.get("/api/v1/conversations?abusive=maybe"));
        refused(
                400,
                "label",
                () -> agent.post(
                        "/api/v1/messages/" + message + "/labels", "{\"task\":\"abusive\",\"label\":\"maybe\"}"));
        refused(
                400,
                "label",
                () -> agent.post("/api/v1/messages/" + message + "/labels", "{\"task\":\"abusive\",\"label\":1}"));
    }

    @Test
    void numbersAndBooleansAreNotText() {
        refused(400, "text", () -> agent.post("/api/v1/messages", "{\"text\":123}"));
        refused(400, "text", () -> agent.post("/api/v1/messages", "{\"text\":true}"));
        refused(400, "externalId", () -> agent.post("/api/v1/messages", "{\"text\":\"hei\",\"externalId\":4.5}"));
        refused(400, "tags.0", () -> agent.patch("/api/v1/conversations/" + conversation, "{\"tags\":[1]}"));
        refused(400, "reason", () -> agent.post("/api/v1/messages/" + message + "/hide", "{\"reason\":5}"));
        refused(400, "text", () -> agent.post("/api/v1/conversations/" + conversation + "/messages", "{\"text\":1}"));
    }

    @Test
    void onlyKnownChannelsAreAcceptedAndOffered() {
        Map<String, Long> before = rows();
        Api.Response pigeon =
                agent.postJson("/api/v1/messages", Map.of("text", "kuru kuru", "channel", "carrier-pigeon"));
        assertThat(pigeon.status()).isEqualTo(400);
        assertThat(pigeon.json().get("field").asString()).isEqualTo("channel");
        assertThat(pigeon.json().get("message").asString())
                .contains("api, email, form, facebook, instagram, whatsapp, feed, x");
        assertThat(rows()).isEqualTo(before);
        refused(400, "channel", () -> agent.get("/api/v1/conversations?channel=carrier-pigeon"));

        assertThat(agent.postJson("/api/v1/messages", Map.of("text", "hei", "channel", " WhatsApp "))
                        .status())
                .isEqualTo(201);
        assertThat(agent.get("/api/v1/conversations?channel=whatsapp").json().get("items"))
                .hasSize(1);

        FormSession person = new FormSession(port);
        person.signIn(ws.agentEmail(), ws.password());
        String inbox = person.get("/inbox").body();
        assertThat(inbox).contains("<option value=\"whatsapp\"").contains("<option value=\"feed\"");
        assertThat(inbox).doesNotContain("carrier-pigeon");
    }

    @Test
    void limitsCursorsIdsAndChoicesOutOfRangeAreRefused() {
        for (String limit : new String[] {"-5", "0", "101", "99999999999", "ten"}) {
            refused(400, "limit", () -> agent.get("/api/v1/conversations?limit=" + limit));
        }
        refused(400, "limit", () -> admin.get("/api/v1/audit?limit=100000"));
        refused(400, "limit", () -> agent.get("/api/v1/storms?limit=-1"));
        refused(400, "hours", () -> agent.get("/api/v1/storms/series?series=all&hours=0"));
        refused(400, "hours", () -> agent.get("/api/v1/storms/series?series=all&hours=2024-01-01"));
        refused(400, "cursor", () -> agent.get("/api/v1/conversations?cursor=bm90LWEtY3Vyc29y"));
        refused(400, "cursor", () -> agent.get("/api/v1/conversations?sort=attention&cursor=xyz"));
        refused(400, "sort", () -> agent.get("/api/v1/conversations?sort=sideways"));
        refused(400, "assignee", () -> agent.get("/api/v1/conversations?assignee=someone"));
        refused(400, "id", () -> agent.get("/api/v1/conversations/not-a-uuid"));
        refused(400, "id", () -> agent.post("/api/v1/messages/1/hide", "{\"reason\":\"x\"}"));
        refused(400, "status", () -> agent.patch("/api/v1/conversations/" + conversation, "{\"status\":\"closed\"}"));
        refused(400, "priority", () -> agent.patch("/api/v1/conversations/" + conversation, "{\"priority\":\"meh\"}"));
        refused(
                400,
                "assigneeId",
                () -> agent.patch("/api/v1/conversations/" + conversation, "{\"assigneeId\":\"x\"}"));
        refused(400, "role", () -> admin.postJson("/api/v1/workspace/tokens", Map.of("name", "t", "role", "god")));
        refused(400, null, () -> agent.patch("/api/v1/conversations/" + conversation, ""));
    }

    @Test
    void formsShowTheReasonInsteadOfFailing() {
        FormSession person = new FormSession(port);
        person.signIn(ws.adminEmail(), ws.password());
        Map<String, Long> before = rows();

        FormSession.Page settings = person.post("/admin/settings", Map.of("name", "Uusi\u0000nimi"));
        assertThat(settings.status()).isEqualTo(302);
        assertThat(person.get("/admin/settings").body()).contains("name contains a NUL character");
        person.post("/admin/users", Map.of("email", "a\u0000@example.fi", "role", "agent"));
        assertThat(person.get("/admin/users").body()).contains("email contains a NUL character");
        person.post("/admin/tokens", Map.of("name", "t\u0000", "role", "agent"));
        assertThat(person.get("/admin/tokens").body()).contains("name contains a NUL character");

        person.get("/conversations/" + conversation);
        FormSession.Page hide = person.post(
                "/messages/" + message + "/hide", Map.of("conversationId", conversation, "reason", "x\u0000"));
        assertThat(hide.status()).isEqualTo(200);
        assertThat(hide.body()).contains("reason contains a NUL character");
        assertThat(rows()).isEqualTo(before);

        FormSession.Page search = person.get("/inbox?q=a%00b");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.body()).contains("q contains a NUL character");
        FormSession.Page abusive = person.get("/inbox?abusive=maybe");
        assertThat(abusive.status()).isEqualTo(200);
        assertThat(abusive.body()).contains("abusive has the wrong type");
        FormSession.Page channel = person.get("/inbox?channel=carrier-pigeon");
        assertThat(channel.status()).isEqualTo(200);
        assertThat(channel.body()).contains("channel must be one of");
        assertThat(person.get("/storms/data?series=all%00").status()).isEqualTo(400);
        assertThat(person.get("/admin/audit?verify=maybe").status()).isEqualTo(400);
        assertThat(person.get("/conversations/not-an-id").status()).isEqualTo(404);
    }

    @Test
    void aTamperedSignInTokenAnswersCleanlyWithOneLogLine(CapturedOutput output) {
        FormSession person = new FormSession(port);
        person.loginPage();
        String token = person.csrf();
        Map<String, Integer> answers = new LinkedHashMap<>();
        int start = output.getOut().length();
        int requests = 0;
        for (int i = 0; i < token.length(); i += 3) {
            char flipped = token.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = token.substring(0, i) + flipped + token.substring(i + 1);
            FormSession.Page page =
                    person.postRaw("/login", "username=someone%40example.fi&password=x&_csrf=" + tampered);
            answers.merge(page.status() + " " + page.location(), 1, Integer::sum);
            requests++;
        }
        for (String tampered : new String[] {token + "A", token.substring(1), "", "%%", "YWJj"}) {
            FormSession.Page page = person.postRaw("/login", "username=a%40b.fi&password=x&_csrf=" + tampered);
            answers.merge(page.status() + " " + page.location(), 1, Integer::sum);
            requests++;
        }

        assertThat(answers.keySet())
                .allSatisfy(answer -> assertThat(answer).matches("302 .*/login\\?expired|400 null"));
        String log = output.getOut().substring(start);
        assertThat(log).doesNotContain("Exception").doesNotContain("\tat ");
        long lines = log.lines()
                .filter(l -> l.contains("without a valid CSRF token") || l.contains("Refused POST /login"))
                .count();
        assertThat(lines).isEqualTo(requests);
        assertThat(person.get("/login?expired").body()).contains("Kirjautumislomake oli vanhentunut");
    }
}
