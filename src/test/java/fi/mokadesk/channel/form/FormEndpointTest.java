package fi.mokadesk.channel.form;

import static fi.mokadesk.channel.form.FormSupport.customer;
import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The public contact form over real HTTP against a real desk: what a customer's browser, a company's web
 * site and a spam bot each get from {@code /f/{formKey}}.
 */
class FormEndpointTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    fi.mokadesk.secret.SecretKeys keys;

    private String url(FormSupport.Created form) {
        return "http://localhost:" + port + "/f/" + form.key();
    }

    private long rows(TestWorkspace ws, String sql) {
        return workspaces.owner().sql(sql).param(ws.id()).query(Long.class).single();
    }

    @Test
    void anAdminCreatesAFormWithAnUnguessableKeyAndBadSettingsAreRefusedNamingTheField() {
        TestWorkspace ws = workspaces.create("Lomake Oy");
        Api admin = api(ws.adminToken());
        FormSupport.Created form = FormSupport.create(admin, "Yhteydenotto", Map.of());
        assertThat(form.key()).matches("[A-Za-z0-9_-]{43}");
        JsonNode got = admin.get("/api/v1/channels/" + form.id()).json();
        assertThat(got.get("type").asString()).isEqualTo("form");
        assertThat(got.get("settings").get("formKey").asString()).isEqualTo(form.key());
        assertThat(got.get("settings")
                        .get("fields")
                        .get("email")
                        .get("label")
                        .get("fi")
                        .asString())
                .isEqualTo("Sähköposti");

        Api.Response badOrigin = admin.postJson(
                "/api/v1/channels",
                Map.of("type", "form", "name", "X", "settings", Map.of("siteOrigins", List.of("www.example.fi/path"))));
        assertThat(badOrigin.status()).isEqualTo(400);
        assertThat(badOrigin.json().get("field").asString()).isEqualTo("settings.siteOrigins");
        Api.Response badContact = admin.postJson(
                "/api/v1/channels",
                Map.of(
                        "type",
                        "form",
                        "name",
                        "X",
                        "settings",
                        Map.of("alternativeContacts", Map.of("email", "ei-osoite"))));
        assertThat(badContact.json().get("field").asString()).isEqualTo("settings.alternativeContacts.email");
        Api.Response messageOptional = admin.postJson(
                "/api/v1/channels",
                Map.of(
                        "type",
                        "form",
                        "name",
                        "X",
                        "settings",
                        Map.of("fields", Map.of("message", Map.of("required", false)))));
        assertThat(messageOptional.json().get("field").asString()).isEqualTo("settings.fields.message");
        Api.Response unknown = admin.postJson(
                "/api/v1/channels", Map.of("type", "form", "name", "X", "settings", Map.of("colour", "red")));
        assertThat(unknown.json().get("field").asString()).isEqualTo("settings.colour");
        // Unknown keys find nothing.
        assertThat(FormSupport.send("http://localhost:" + port + "/f/" + FormSettings.newKey(), "GET", Map.of(), null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void formEncodedAndJsonSubmissionsBecomeConversationsOnTheFormChannelWithNameEmailPhoneAndOrderNumber() {
        TestWorkspace ws = workspaces.create("Kahvila Lomake");
        Api admin = api(ws.adminToken());
        FormSupport.Created form = FormSupport.create(admin, "Yhteydenotto", Map.of());

        FormSupport.Answer page = FormSupport.send(url(form), "GET", Map.of(), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<label for=\"field-email\"")
                .contains("Sähköposti")
                .contains("lang=\"fi\"");
        assertThat(FormSupport.send(url(form) + "?lang=en", "GET", Map.of(), null)
                        .body())
                .contains("Email")
                .contains("lang=\"en\"");

        Map<String, String> fields = customer("Maija Meikäläinen", "maija@example.fi", "Kahvinkeitin vuotaa.");
        fields.put("phone", "040 123 4567");
        fields.put("orderNumber", "A-1234");
        fields.put("_t", FormSupport.stampOf(page.body()));
        FormSupport.typeForAWhile();
        FormSupport.Answer html = FormSupport.postForm(url(form), fields);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains("Kiitos viestistäsi");

        FormSupport.Answer json = FormSupport.postJson(
                url(form), Map.of("name", "John Smith", "email", "john@example.com", "message", "Where is my order?"));
        assertThat(json.status()).isEqualTo(201);
        assertThat(json.json().get("status").asString()).isEqualTo("received");

        JsonNode items = admin.get("/api/v1/conversations?channel=form").json().get("items");
        assertThat(items).hasSize(2);
        String maija = null;
        for (JsonNode c : items) {
            assertThat(c.get("channel").asString()).isEqualTo("form");
            if ("Maija Meikäläinen".equals(c.get("contactName").asString()))
                maija = c.get("id").asString();
        }
        assertThat(maija).isNotNull();
        JsonNode detail = admin.get("/api/v1/conversations/" + maija).json();
        assertThat(detail.get("conversation").get("subject").asString()).contains("A-1234");
        JsonNode message = detail.get("messages").get(0);
        assertThat(message.get("authorEmail").asString()).isEqualTo("maija@example.fi");
        assertThat(message.get("text").asString())
                .contains("Kahvinkeitin vuotaa.")
                .contains("040 123 4567")
                .contains("A-1234");
        // Stored in the transaction of its message: delivered, with that message's ids, when the answer comes.
        assertThat(rows(ws, """
                        select count(*) from form_submission s
                          join message m on m.workspace_id = s.workspace_id and m.id = s.message_id
                                        and m.conversation_id = s.conversation_id and m.external_id = 'form:' || s.id
                         where s.workspace_id = ? and s.state = 'delivered' and s.delivered_at is not null
                        """)).isEqualTo(2);
        assertThat(rows(ws, "select count(*) from form_submission where workspace_id = ?"))
                .isEqualTo(2);
    }

    @Test
    void aPostedFormIsAnsweredInItsLanguageAndCountedUnderTheFormsPatternNeverItsKey() {
        TestWorkspace ws = workspaces.create("Kieli Lomake");
        FormSupport.Created form = FormSupport.create(api(ws.adminToken()), "Contact", Map.of());
        FormSupport.Answer page = FormSupport.send(url(form) + "?lang=en", "GET", Map.of(), null);
        Map<String, String> fields = customer("John Smith", "john@example.com", "The coffee maker leaks.");
        fields.put("lang", "en");
        fields.put("_t", FormSupport.stampOf(page.body()));
        FormSupport.typeForAWhile();
        FormSupport.Answer thanks = FormSupport.postForm(url(form), fields);
        assertThat(thanks.status()).isEqualTo(200);
        assertThat(thanks.body()).contains("Thank you!").contains("lang=\"en\"");

        String metrics = api("test-bootstrap-token").get("/actuator/prometheus").body();
        assertThat(metrics).contains("uri=\"/f/{key}\"").doesNotContain(form.key());
    }

    @Test
    void missingAndMalformedFieldsAreNamedInJsonAndShownOnTheRePage() {
        TestWorkspace ws = workspaces.create("Validointi Oy");
        Api admin = api(ws.adminToken());
        FormSupport.Created form =
                FormSupport.create(admin, "Lomake", Map.of("fields", Map.of("phone", Map.of("required", true))));

        FormSupport.Answer json = FormSupport.postJson(
                url(form), Map.of("name", "Teemu", "email", "teemu(at)example.fi", "phone", "soita"));
        assertThat(json.status()).isEqualTo(400);
        JsonNode problems = json.json().get("fields");
        assertThat(problems.get("email").asString()).contains("sähköpostiosoite");
        assertThat(problems.get("phone").asString()).contains("puhelinnumero");
        assertThat(problems.get("message").asString()).isEqualTo("Täytä tämä kenttä.");
        assertThat(problems.has("name")).isFalse();

        Map<String, String> fields = customer("Teemu", "teemu(at)example.fi", "");
        fields.put("lang", "en");
        FormSupport.Answer html = FormSupport.postForm(url(form), fields);
        assertThat(html.status()).isEqualTo(400);
        assertThat(html.body())
                .contains("Please enter an email address")
                .contains("Please fill in this field.")
                .contains("aria-invalid=\"true\"")
                .contains("value=\"teemu(at)example.fi\""); // what the customer typed stays
        assertThat(rows(ws, "select count(*) from form_submission where workspace_id = ?"))
                .isZero();
    }

    @Test
    void aFilledHoneypotAndATooFastSubmissionNeverBecomeConversationsButAreKept() {
        TestWorkspace ws = workspaces.create("Roskaposti Oy");
        Api admin = api(ws.adminToken());
        FormSupport.Created form = FormSupport.create(admin, "Lomake", Map.of());

        Map<String, String> bot = customer("Bot", "bot@example.com", "Buy cheap watches");
        bot.put("website", "http://spam.example");
        FormSupport.Answer caught = FormSupport.postForm(url(form), bot);
        assertThat(caught.status()).isEqualTo(200); // the bot learns nothing
        assertThat(caught.body()).contains("Kiitos viestistäsi");

        // A page stamped this very moment, however slow the machine: a stamp from a clock an hour ahead.
        Stamps ahead = new Stamps(
                keys.key(Stamps.PURPOSE),
                java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofHours(1)));
        Map<String, String> quick = customer("Nopea", "nopea@example.fi", "Heti perään");
        quick.put("_t", ahead.issue(form.key()));
        FormSupport.Answer tooFast = FormSupport.postForm(url(form), quick);
        assertThat(tooFast.status()).isEqualTo(400);
        assertThat(tooFast.body()).contains("Lomake lähetettiin hyvin nopeasti").contains("Heti perään");

        Map<String, String> forged = customer("Väärä", "vaara@example.fi", "Leima keksitty");
        forged.put("_t", "1000." + "x".repeat(43));
        assertThat(FormSupport.postForm(url(form), forged).status()).isEqualTo(200);

        assertThat(admin.get("/api/v1/conversations?channel=form").json().get("items"))
                .isEmpty();
        assertThat(rows(ws, "select count(*) from form_submission where workspace_id = ? and state = 'spam'"))
                .isEqualTo(3);
    }

    @Test
    void tooManySubmissionsFromOneAddressGet429WithRetryAfter() {
        TestWorkspace ws = workspaces.create("Rajoitus Oy");
        FormSupport.Created form = FormSupport.create(api(ws.adminToken()), "Lomake", Map.of());
        FormSupport.Answer last = null;
        for (int i = 0; i < 11; i++) {
            last = FormSupport.postJson(
                    url(form), Map.of("name", "N" + i, "email", "n" + i + "@example.fi", "message", "viesti " + i));
            if (i < 10) assertThat(last.status()).isEqualTo(201);
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(Integer.parseInt(last.header("Retry-After"))).isBetween(1, 60);
        assertThat(last.json().get("error").asString()).isEqualTo("too_many_requests");
    }

    @Test
    void oversizedBodiesGet413AndNothingIsStored() {
        TestWorkspace ws = workspaces.create("Koko Oy");
        FormSupport.Created form = FormSupport.create(api(ws.adminToken()), "Lomake", Map.of());
        String huge = "x".repeat(70_000);
        FormSupport.Answer json =
                FormSupport.postJson(url(form), Map.of("name", "Iso", "email", "iso@example.fi", "message", huge));
        assertThat(json.status()).isEqualTo(413);
        FormSupport.Answer encoded = FormSupport.postForm(url(form), customer("Iso", "iso@example.fi", huge));
        assertThat(encoded.status()).isEqualTo(413);
        assertThat(rows(ws, "select count(*) from form_submission where workspace_id = ?"))
                .isZero();
        // Within the limit but over the message field's own 5,000 characters: a field message, not a 413.
        FormSupport.Answer long5k = FormSupport.postJson(
                url(form), Map.of("name", "Pitkä", "email", "p@example.fi", "message", "y".repeat(6000)));
        assertThat(long5k.status()).isEqualTo(400);
        assertThat(long5k.json().get("fields").get("message").asString()).isEqualTo("Teksti on liian pitkä.");
    }

    @Test
    void crossSiteRequestsOnlyFromTheSiteOriginsPreflightIncluded() {
        TestWorkspace ws = workspaces.create("Cors Oy");
        FormSupport.Created form = FormSupport.create(
                api(ws.adminToken()), "Lomake", Map.of("siteOrigins", List.of("https://www.kahvila.fi/")));

        FormSupport.Answer preflight = FormSupport.send(
                url(form),
                "OPTIONS",
                Map.of(
                        "Origin",
                        "https://www.kahvila.fi",
                        "Access-Control-Request-Method",
                        "POST",
                        "Access-Control-Request-Headers",
                        "content-type"),
                null);
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://www.kahvila.fi");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");

        FormSupport.Answer refusedPreflight = FormSupport.send(
                url(form),
                "OPTIONS",
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"),
                null);
        assertThat(refusedPreflight.status()).isEqualTo(403);
        assertThat(refusedPreflight.header("Access-Control-Allow-Origin")).isNull();

        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Origin", "https://www.kahvila.fi");
        String body =
                Api.JSON.writeValueAsString(Map.of("name", "Sivu", "email", "s@example.fi", "message", "Sivustolta"));
        FormSupport.Answer allowed = FormSupport.send(url(form), "POST", headers, body);
        assertThat(allowed.status()).isEqualTo(201);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://www.kahvila.fi");

        headers.put("Origin", "https://evil.example");
        FormSupport.Answer refused = FormSupport.send(url(form), "POST", headers, body);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asString()).isEqualTo("origin_not_allowed");
        assertThat(rows(ws, "select count(*) from form_submission where workspace_id = ?"))
                .isEqualTo(1);

        // The snippet's script asks for a fresh stamp across sites too.
        FormSupport.Answer state =
                FormSupport.send(url(form) + "/state", "GET", Map.of("Origin", "https://www.kahvila.fi"), null);
        assertThat(state.status()).isEqualTo(200);
        assertThat(state.json().get("stamp").asString()).contains(".");
        assertThat(state.json().get("failing").asBoolean()).isFalse();
    }
}
