package fi.mokadesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.Browser;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/** What an agent does in a real browser: sign in, watch the inbox fill live, open, read safely, reply. */
class InboxBrowserTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    ChromeDriver browser;
    TestWorkspace ws;

    @BeforeEach
    void open() {
        browser = Browser.start();
        ws = workspaces.create("Selain Oy");
    }

    @AfterEach
    void close() {
        if (browser != null) browser.quit();
    }

    @Test
    void aMessagePostedThroughTheApiAppearsLiveAndTheAgentReplies() {
        signIn(ws.agentEmail(), ws.password());
        assertThat(browser.getCurrentUrl()).endsWith("/inbox");
        assertThat(browser.findElement(By.cssSelector(".empty")).getText()).contains("ei ole vielä keskusteluja");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(d -> "open".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-live")));
        // A marker that a reload would wipe out.
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

        String payload = "Tilaus 123 myöhässä <script>window.pwned=1;alert('x')</script> "
                + "<img src=x onerror=\"window.pwned=2\"> ei käy!";
        long sent = System.nanoTime();
        Api.Response ingest = api(ws.agentToken())
                .postJson(
                        "/api/v1/messages",
                        Map.of("externalId", "live-1", "author", Map.of("name", "Kalle Kuluttaja"), "text", payload));
        assertThat(ingest.status()).isEqualTo(201);

        WebElement link =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#rows li.row a.open")));
        assertThat(link.findElement(By.tagName("b")).getText()).isEqualTo("Kalle Kuluttaja");
        long appearedMillis = (System.nanoTime() - sent) / 1_000_000;
        System.out.printf("Live inbox update took %d ms%n", appearedMillis);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true"))
                .isEqualTo(true);
        assertThat(browser.findElement(By.cssSelector("li.row.unread")).getText())
                .contains("Kalle Kuluttaja");

        link.click();
        WebElement body =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.message.inbound .body")));
        assertThat(body.getText()).isEqualTo(payload);
        assertThat(browser.findElements(By.cssSelector("li.message img"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("li.message script"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined"))
                .isEqualTo(true);
        assertNoAlert();

        WebElement box = browser.findElement(By.id("reply-text"));
        box.sendKeys("Pahoittelut viivästyksestä! Selvitämme tilauksen heti.");
        browser.findElement(By.id("send")).click();
        WebElement reply =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.message.outbound .body")));
        assertThat(reply.getText()).isEqualTo("Pahoittelut viivästyksestä! Selvitämme tilauksen heti.");
        assertThat(browser.findElement(By.id("reply-text")).getDomProperty("value"))
                .isEmpty();

        String conversation = ingest.json().get("conversationId").asString();
        var messages = api(ws.agentToken())
                .get("/api/v1/conversations/" + conversation)
                .json()
                .get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).get("kind").asString()).isEqualTo("outbound");
    }

    @Test
    void aMessageArrivingInAnOpenConversationAppearsWithoutReload() {
        String conversation = api(ws.agentToken())
                .post(
                        "/api/v1/messages",
                        "{\"externalId\":\"c-1\",\"threadKey\":\"t\",\"author\":{\"name\":\"Liisa\"},\"text\":\"Ensimmäinen\"}")
                .json()
                .get("conversationId")
                .asString();
        signIn(ws.agentEmail(), ws.password());
        browser.get(url("/conversations/" + conversation));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(d -> "open".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-live")));

        api(ws.agentToken())
                .post(
                        "/api/v1/messages",
                        "{\"externalId\":\"c-2\",\"threadKey\":\"t\",\"author\":{\"name\":\"Liisa\"},\"text\":\"Toinen viesti\"}");
        // The timeline is redrawn again when the analysis of each message arrives: read it within the wait,
        // so an element replaced by a redraw is read again instead of failing the test.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            List<WebElement> bodies = browser.findElements(By.cssSelector("li.message.inbound .body"));
            return bodies.size() == 2 && bodies.get(1).getText().equals("Toinen viesti");
        });
        assertThat(browser.findElements(By.cssSelector("li.message.inbound"))).hasSize(2);
    }

    @Test
    void colleaguesSeeWhoIsViewingAndTyping() {
        String conversation = api(ws.agentToken())
                .post("/api/v1/messages", "{\"externalId\":\"v-1\",\"author\":{\"name\":\"Pirkko\"},\"text\":\"Apua\"}")
                .json()
                .get("conversationId")
                .asString();
        signIn(ws.agentEmail(), ws.password());
        browser.get(url("/conversations/" + conversation));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(d -> "open".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-live")));

        ChromeDriver colleague = Browser.start();
        try {
            colleague.get(url("/login"));
            colleague.findElement(By.id("username")).sendKeys(ws.adminEmail());
            colleague.findElement(By.id("password")).sendKeys(ws.password());
            colleague.findElement(By.id("login-submit")).click();
            new WebDriverWait(colleague, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/inbox"));
            colleague.get(url("/conversations/" + conversation));
            wait.until(
                    ExpectedConditions.textToBePresentInElementLocated(By.id("presence"), "katsoo tätä keskustelua"));
            colleague.findElement(By.id("reply-text")).sendKeys("Hetki, tarkistan");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("presence"), "kirjoittaa"));
            assertThat(browser.findElement(By.id("presence")).getText()).startsWith("Admin ");
        } finally {
            colleague.quit();
        }
    }

    @Test
    void wrongPasswordShowsAClearMessageAndEnglishIsOneClickAway() {
        browser.get(url("/login?lang=en"));
        browser.findElement(By.id("username")).sendKeys(ws.agentEmail());
        browser.findElement(By.id("password")).sendKeys("wrong password");
        browser.findElement(By.id("login-submit")).click();
        WebElement error = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertThat(error.getText()).isEqualTo("Sign-in failed. Check your email and password.");
    }

    private void signIn(String email, String password) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/inbox"));
    }

    private void assertNoAlert() {
        try {
            browser.switchTo().alert();
            throw new AssertionError("a script from a customer message opened an alert");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
