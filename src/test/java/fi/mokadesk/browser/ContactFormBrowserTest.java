package fi.mokadesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import fi.mokadesk.channel.form.FormChecks;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The contact form in a real browser: a customer meets the field messages, sends, and is thanked; during an
 * outage the form offers the other contacts; the snippet works on a company's own site; and the admin finds
 * the form, its snippet and its checks on the channels pages.
 */
class ContactFormBrowserTest extends BrowserDeskTest {

    @Autowired
    FormChecks checks;

    private static final Map<String, Object> CONTACTS = Map.of(
            "alternativeContacts",
            Map.of("phone", "09 555 1234", "email", "palvelu@kahvila.fi", "openingHours", "ma–pe 9–17"));

    private record Form(String id, String key) {}

    private Form create(TestWorkspace ws, Map<String, Object> settings) {
        Api.Response r = api(ws.adminToken())
                .postJson("/api/v1/channels", Map.of("type", "form", "name", "Ota yhteyttä", "settings", settings));
        assertThat(r.status()).isEqualTo(201);
        return new Form(
                r.json().get("id").asString(),
                r.json().get("settings").get("formKey").asString());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCustomerSeesTheFieldMessagesCorrectsThemSendsAndIsThanked() {
        TestWorkspace ws = workspaces.create("Selain Lomake Oy");
        Form form = create(ws, Map.of("thankYouText", Map.of("en", "Thanks, we answer within a day.")));
        browser.get(url("/f/" + form.key() + "?lang=en"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ota yhteyttä");
        assertThat(browser.findElement(By.cssSelector("label[for=field-email]")).getText())
                .contains("Email");

        browser.findElement(By.id("field-email")).sendKeys("maija(at)example.fi");
        pause(1_200); // a person takes longer than the minimum fill time
        browser.findElement(By.cssSelector("#contact-form button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-notice")))
                        .getText())
                .contains("Please check the marked fields");
        assertThat(browser.findElement(By.id("error-name")).getText()).isEqualTo("Please fill in this field.");
        assertThat(browser.findElement(By.id("error-email")).getText()).contains("email address");
        assertThat(browser.findElement(By.id("field-email")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(browser.findElement(By.id("field-email")).getAttribute("value"))
                .isEqualTo("maija(at)example.fi");

        browser.findElement(By.id("field-name")).sendKeys("Maija Meikäläinen");
        browser.findElement(By.id("field-email")).clear();
        browser.findElement(By.id("field-email")).sendKeys("maija@example.fi");
        browser.findElement(By.id("field-orderNumber")).sendKeys("K-778");
        browser.findElement(By.id("field-message")).sendKeys("Tilaukseni ei ole tullut.");
        pause(1_200); // a person takes longer than the minimum fill time
        browser.findElement(By.cssSelector("#contact-form button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-thanks")))
                        .getText())
                .contains("Thanks, we answer within a day.");

        var items = api(ws.adminToken())
                .get("/api/v1/conversations?channel=form")
                .json()
                .get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("contactName").asString()).isEqualTo("Maija Meikäläinen");
        assertThat(items.get(0).get("subject").asString()).contains("K-778");
    }

    @Test
    void whileTheFormFailsTheCustomerIsOfferedTheOtherContacts() {
        TestWorkspace ws = workspaces.create("Häiriö Oy");
        Form form = create(ws, CONTACTS);
        String trigger = "fail_" + form.id().replace("-", "");
        JdbcClient owner = workspaces.owner();
        owner.sql(
                        "create function %s() returns trigger language plpgsql as $$ begin raise exception 'simulated outage'; end $$"
                                .formatted(trigger))
                .update();
        owner.sql(
                        "create trigger %s before insert on form_submission for each row when (new.channel_id = '%s') execute function %s()"
                                .formatted(trigger, form.id(), trigger))
                .update();
        try {
            assertThat(checks.check(ws.id(), UUID.fromString(form.id()))).isFalse();
            browser.get(url("/f/" + form.key()));
            String alternatives = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-alternatives")))
                    .getText();
            assertThat(alternatives)
                    .contains("09 555 1234")
                    .contains("palvelu@kahvila.fi")
                    .contains("ma–pe 9–17");

            browser.findElement(By.id("field-name")).sendKeys("Kalle");
            browser.findElement(By.id("field-email")).sendKeys("kalle@example.fi");
            browser.findElement(By.id("field-message")).sendKeys("Onko lomake rikki?");
            pause(1_200);
            browser.findElement(By.cssSelector("#contact-form button[type=submit]"))
                    .click();
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-notice")))
                            .getText())
                    .contains("Viestiäsi ei voitu juuri nyt vastaanottaa");
            assertThat(browser.findElement(By.id("form-alternatives")).getText())
                    .contains("09 555 1234");
            // What the customer typed is still there, to send again or copy elsewhere.
            assertThat(browser.findElement(By.id("field-message")).getAttribute("value"))
                    .isEqualTo("Onko lomake rikki?");
        } finally {
            owner.sql("drop trigger if exists %s on form_submission".formatted(trigger))
                    .update();
            owner.sql("drop function if exists %s()".formatted(trigger)).update();
        }
        assertThat(checks.check(ws.id(), UUID.fromString(form.id()))).isTrue();
        browser.get(url("/f/" + form.key()));
        assertThat(browser.findElements(By.id("form-alternatives"))).isEmpty();
    }

    @Test
    void theSnippetOnTheCompanysOwnSiteSendsAcrossSitesAndThanksInPlace() throws Exception {
        TestWorkspace ws = workspaces.create("Upotus Oy");
        HttpServer site = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        try {
            String origin = "http://localhost:" + site.getAddress().getPort();
            Form form = create(ws, Map.of("siteOrigins", List.of(origin)));
            signIn(ws.adminEmail(), ws.password());
            browser.get(url("/admin/channels/" + form.id() + "/form?lang=en"));
            String snippet = browser.findElement(By.id("snippet")).getAttribute("value");
            assertThat(snippet)
                    .contains("action=\"http://localhost:" + port + "/f/" + form.key() + "\"")
                    .contains("mokadesk-form.js");
            byte[] page =
                    ("<!DOCTYPE html><html lang=\"fi\"><head><meta charset=\"utf-8\"><title>Kahvila</title></head><body>"
                                    + "<h1>Kahvila Kuppi</h1>" + snippet + "</body></html>")
                            .getBytes(StandardCharsets.UTF_8);
            site.createContext("/", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            site.start();

            browser.get(origin + "/");
            wait.until(
                    d -> !d.findElement(By.name("_t")).getAttribute("value").isEmpty()); // the script fetched a stamp
            browser.findElement(By.id("mokadesk-name")).sendKeys("Sivuston Asiakas");
            browser.findElement(By.id("mokadesk-email")).sendKeys("ei-osoite");
            browser.findElement(By.id("mokadesk-message")).sendKeys("Upotetun lomakkeen kautta");
            browser.executeScript("document.querySelector('form[data-mokadesk-form]').noValidate = true");
            pause(1_200);
            browser.findElement(By.cssSelector("form[data-mokadesk-form] button"))
                    .click();
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mokadesk-error-email")))
                            .getText())
                    .contains("email address");
            browser.findElement(By.id("mokadesk-email")).clear();
            browser.findElement(By.id("mokadesk-email")).sendKeys("sivu@example.fi");
            browser.findElement(By.cssSelector("form[data-mokadesk-form] button"))
                    .click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.tagName("body"), "Thank you for your message"));
            assertThat(browser.getCurrentUrl()).startsWith(origin); // the customer stayed on the company's site
            assertThat(api(ws.adminToken())
                            .get("/api/v1/conversations?channel=form")
                            .json()
                            .get("items"))
                    .hasSize(1);
        } finally {
            site.stop(0);
        }
    }

    @Test
    void anAdminAddsAFormFindsItsSnippetAndChecksItNow() {
        TestWorkspace ws = workspaces.create("Ylläpito Lomake Oy");
        signIn(ws.adminEmail(), ws.password());
        browser.get(url("/admin/channels?lang=en"));
        browser.findElement(By.id("new-form-name")).sendKeys("Verkkosivun lomake");
        browser.findElement(By.cssSelector("#add-form-channel button")).click();
        String row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#channels tbody tr")))
                .getText();
        assertThat(row).contains("Verkkosivun lomake").contains("OK");
        browser.findElement(By.linkText("Form, snippet and checks")).click();
        wait.until(ExpectedConditions.urlContains("/form"));
        assertThat(browser.findElement(By.id("snippet")).getAttribute("value"))
                .contains("<form method=\"post\"")
                .contains("name=\"website\"")
                .contains("/js/mokadesk-form.js");
        assertThat(browser.findElement(By.id("hosted-url")).getText()).contains("/f/");

        browser.findElement(By.id("check-now")).click();
        String history = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("checks")))
                .getText();
        assertThat(history).contains("Works").contains("ms");
        // The canary is nowhere in the inbox.
        assertThat(api(ws.adminToken()).get("/api/v1/conversations").json().get("items"))
                .isEmpty();

        // Settings from the page: a site origin and the alternative contacts, saved and shown again.
        browser.findElement(By.id("siteOrigins")).sendKeys("https://www.kahvila.fi");
        browser.findElement(By.id("alt-phone")).sendKeys("09 111 2222");
        browser.findElement(By.cssSelector("#form-settings button[type=submit]"))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.notice[role=status]")));
        assertThat(browser.findElement(By.id("siteOrigins")).getAttribute("value"))
                .isEqualTo("https://www.kahvila.fi");
        assertThat(browser.findElement(By.id("alt-phone")).getAttribute("value"))
                .isEqualTo("09 111 2222");
    }
}
