package fi.mokadesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.AxeCheck;
import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The agent's workspace in a real browser: views, list and conversation side by side on a laptop, one pane at
 * a time on a phone, the keyboard for everything, deep links and the back button, saved views, bulk
 * actions, accessibility checked by axe-core on every main page, and screenshots for a reviewer.
 */
class WorkspaceBrowserTest extends BrowserDeskTest {

    /** Customers of a café chain, as they write: the list a reviewer sees in the screenshots. */
    private static final List<String[]> CUSTOMERS = List.of(
            new String[] {
                "facebook",
                "Jari Mäkinen",
                "Tilasin synttärikakun lauantaiksi eikä sitä ollut valmiina. Lapsen juhlat pilalla!"
            },
            new String[] {
                "email",
                "Pekka Virtanen",
                "Korttiltani veloitettiin vuosimaksu kahteen kertaan (2 x 49 €). Pyydän palauttamaan toisen."
            },
            new String[] {
                "instagram", "mirja_leipoo", "Kiitos ihanasta palvelusta Kalliossa eilen! Korvapuusti oli lämmin ❤️"
            },
            new String[] {"x", "Teemu", "Sovellus kaatuu joka kerta kun yritän maksaa. Onko vika tiedossa?"},
            new String[] {
                "form", "Liisa Heikkinen", "Onko teillä gluteenittomia vaihtoehtoja Tampereella viikonloppuisin?"
            },
            new String[] {"email", "Marko Lehtonen", "Kahvikestitys tuli tunnin myöhässä ja asiakkaamme ehtivät lähteä."
            },
            new String[] {"api", "Henna", "Unohdin salasanan kanta-asiakassovellukseen, palautusviesti ei tule."});

    private TestWorkspace ws;
    private final List<String> conversations = new ArrayList<>();

    @BeforeEach
    void customersHaveWritten() {
        ws = workspaces.create("Kahvila Testi");
        int i = 0;
        for (String[] c : CUSTOMERS) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("channel", c[0]);
            message.put("externalId", "w-" + i);
            message.put("author", Map.of("name", c[1]));
            message.put("text", c[2]);
            message.put("public", !c[0].equals("email") && !c[0].equals("form"));
            message.put(
                    "receivedAt",
                    java.time.Instant.now()
                            .minusSeconds(60L * (CUSTOMERS.size() - i) * 7)
                            .toString());
            var answer = api(ws.agentToken()).postJson("/api/v1/messages", message);
            assertThat(answer.status()).isEqualTo(201);
            conversations.add(0, answer.json().get("conversationId").asString()); // newest first, as listed
            i++;
        }
    }

    @Test
    void anAgentWorksThroughFiveConversationsAndRepliesWithoutTheMouse() {
        signIn(ws.agentEmail(), ws.password());
        waitForLive();
        Actions keys = new Actions(browser);
        for (int n = 0; n < 5; n++) {
            keys.sendKeys("j").perform();
            String expected = conversations.get(n);
            wait.until(d -> d.findElement(By.cssSelector("#rows li.row.active"))
                    .getDomAttribute("id")
                    .equals("c-" + expected));
            keys.sendKeys(Keys.ENTER).perform();
            wait.until(ExpectedConditions.urlContains("/conversations/" + expected));
            wait.until(d -> !d.findElements(By.cssSelector("#pane [data-conversation='" + expected + "']"))
                    .isEmpty());
        }
        String fifth = conversations.get(4);
        assertThat(browser.findElement(By.cssSelector("#pane h2")).getText())
                .isEqualTo(CUSTOMERS.get(CUSTOMERS.size() - 5)[1]);

        // r opens the reply box; letters typed there are text, not shortcuts (a, e, j, k would act).
        keys.sendKeys("r").perform();
        wait.until(d -> "reply-text".equals(d.switchTo().activeElement().getDomAttribute("id")));
        String reply = "Kiitos viestistä, selvitämme asian ja palaamme tänään.";
        keys.sendKeys(reply).perform();
        keys.keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
        WebElement sent =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.message.outbound .body")));
        assertThat(sent.getText()).isEqualTo(reply);
        var afterReply = conversation(fifth);
        assertThat(afterReply.get("status").asString()).isEqualTo("open");
        assertThat(afterReply.get("assigneeId").isNull()).isTrue();
        assertThat(browser.findElement(By.cssSelector("#rows li.row.active")).getDomAttribute("id"))
                .isEqualTo("c-" + fifth);

        // Escape leaves the box; a takes the conversation, e resolves it.
        keys.sendKeys(Keys.ESCAPE).perform();
        keys.sendKeys("a").perform();
        wait.until(d -> !conversation(fifth).get("assigneeId").isNull());
        assertThat(conversation(fifth).get("assigneeId").asString())
                .isEqualTo(ws.agentId().toString());
        keys.sendKeys("e").perform();
        wait.until(d -> conversation(fifth).get("status").asString().equals("resolved"));

        // ? lists the shortcuts.
        keys.sendKeys("?").perform();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("shortcuts")));
        assertThat(browser.findElement(By.id("shortcuts")).getText())
                .contains("j / k")
                .contains("Enter");
    }

    @Test
    void onAPhoneOnePaneShowsAtATimeAndNothingScrollsSideways() throws IOException {
        phone();
        signIn(ws.agentEmail(), ws.password());
        waitForLive();
        assertNoSidewaysScroll();
        assertThat(browser.findElement(By.id("list-pane")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("pane")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.cssSelector(".bottom-bar")).isDisplayed())
                .isTrue();
        screenshot("inbox-390x844.png");

        String first = conversations.get(0);
        click(By.cssSelector("#c-" + first + " a.open"));
        wait.until(ExpectedConditions.urlContains("/conversations/" + first));
        wait.until(d -> d.findElement(By.id("pane")).isDisplayed());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.message.inbound .body")));
        assertThat(browser.findElement(By.id("list-pane")).isDisplayed()).isFalse();
        assertNoSidewaysScroll();
        screenshot("conversation-390x844.png");

        browser.findElement(By.id("back")).click();
        wait.until(d -> d.findElement(By.id("list-pane")).isDisplayed());
        assertThat(browser.findElement(By.id("pane")).isDisplayed()).isFalse();
        assertNoSidewaysScroll();

        // The views are one tap away in the bottom bar.
        browser.findElement(By.cssSelector(".bottom-bar [data-show=views]")).click();
        wait.until(d -> d.findElement(By.id("views")).isDisplayed());
        assertNoSidewaysScroll();
    }

    @Test
    void aDeepLinkOpensTheConversationInItsPlaceAndTheBackButtonReturns() {
        signIn(ws.agentEmail(), ws.password());
        String older = conversations.get(2);
        String newer = conversations.get(0);
        browser.get(url("/conversations/" + older));
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#pane [data-conversation='" + older + "']")));
        assertThat(browser.findElement(By.cssSelector("#pane li.message.inbound .body"))
                        .getText())
                .isEqualTo(CUSTOMERS.get(CUSTOMERS.size() - 3)[2]);
        assertThat(browser.findElements(By.cssSelector("#rows li.row"))).hasSize(CUSTOMERS.size());
        wait.until(d -> d.findElement(By.cssSelector("#c-" + older))
                .getDomAttribute("class")
                .contains("active"));
        assertThat(browser.findElement(By.id("customer")).getText())
                .contains(CUSTOMERS.get(CUSTOMERS.size() - 3)[1]);

        click(By.cssSelector("#c-" + newer + " a.open"));
        wait.until(ExpectedConditions.urlContains("/conversations/" + newer));
        wait.until(d -> !d.findElements(By.cssSelector("#pane [data-conversation='" + newer + "']"))
                .isEmpty());

        browser.navigate().back();
        wait.until(ExpectedConditions.urlContains("/conversations/" + older));
        wait.until(d -> !d.findElements(By.cssSelector("#pane [data-conversation='" + older + "']"))
                .isEmpty());
    }

    @Test
    void aFilterSavedAsAViewOpensWithItsCount() {
        signIn(ws.agentEmail(), ws.password());
        browser.findElement(By.cssSelector(".filter-menu summary")).click();
        new Select(browser.findElement(By.cssSelector("#filters select[name=channel]"))).selectByValue("email");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".chips"), "Channel: Email"));
        wait.until(d -> d.findElements(By.cssSelector("#rows li.row")).size() == 2);
        assertThat(browser.getCurrentUrl()).contains("channel=email");
        browser.findElement(By.cssSelector(".filter-menu summary")).click(); // close the menu

        browser.findElement(By.cssSelector(".save-view summary")).click();
        browser.findElement(By.id("view-name")).sendKeys("Sähköpostit");
        browser.findElement(By.id("save-view")).click();
        WebElement saved =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#views a.saved-view")));
        assertThat(saved.getText()).contains("Sähköpostit").contains("2");

        browser.findElement(By.cssSelector("#view-all")).click();
        wait.until(d -> d.findElements(By.cssSelector("#rows li.row")).size() == CUSTOMERS.size());
        browser.findElement(By.cssSelector("#views a.saved-view")).click();
        wait.until(d -> d.findElements(By.cssSelector("#rows li.row")).size() == 2);
        assertThat(browser.getCurrentUrl()).contains("channel=email");
    }

    @Test
    void anAgentAssignsSelectedConversationsToThemselvesInOneGo() {
        signIn(ws.agentEmail(), ws.password());
        String a = conversations.get(1);
        String b = conversations.get(3);
        click(By.cssSelector("#c-" + a + " input.pick"));
        click(By.cssSelector("#c-" + b + " input.pick"));
        WebElement bar = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk")));
        assertThat(bar.findElement(By.id("bulk-count")).getText()).startsWith("2");
        new Select(bar.findElement(By.name("setAssignee"))).selectByValue("me");
        browser.findElement(By.id("bulk-apply")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-status"), "Changed 2 conversations"));
        assertThat(browser.findElements(By.cssSelector("#rows .avatar"))).hasSize(2);
        assertThat(conversation(a).get("assigneeId").asString())
                .isEqualTo(ws.agentId().toString());
        assertThat(conversation(b).get("assigneeId").asString())
                .isEqualTo(ws.agentId().toString());
        assertThat(conversation(conversations.get(0)).get("assigneeId").isNull())
                .isTrue();
        assertThat(browser.findElement(By.id("bulk")).isDisplayed()).isFalse();
    }

    @Test
    void everyMainPageHasNoSeriousAccessibilityViolations() {
        signIn(ws.adminEmail(), ws.password());
        List<String> problems = new ArrayList<>();
        for (String page : List.of(
                "/inbox",
                "/conversations/" + conversations.get(0),
                "/admin/channels",
                "/storms",
                "/admin/users",
                "/admin/audit",
                "/admin/settings",
                "/admin/tokens")) {
            browser.get(url(page));
            wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
            AxeCheck.seriousViolations(browser).forEach(v -> problems.add(page + ": " + v));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void screenshotsOfTheInboxOnALaptop() throws IOException {
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 1400, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        signIn(ws.adminEmail(), ws.password());
        browser.get(url("/conversations/" + conversations.get(0)));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.message.inbound .body")));
        assertNoSidewaysScroll();
        assertThat(browser.findElement(By.id("views")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("list-pane")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("customer")).isDisplayed()).isTrue();
        screenshot("inbox-1400x900.png");
    }

    private tools.jackson.databind.JsonNode conversation(String id) {
        return api(ws.agentToken()).get("/api/v1/conversations/" + id).json().get("conversation");
    }

    private void waitForLive() {
        wait.until(d -> "open".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));
    }

    private void phone() {
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    private void assertNoSidewaysScroll() {
        Object widths = browser.executeScript(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth];");
        @SuppressWarnings("unchecked")
        List<Long> w = (List<Long>) widths;
        assertThat(w.get(0))
                .as("page width %s within the screen %s", w.get(0), w.get(1))
                .isLessThanOrEqualTo(w.get(1));
    }

    private void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
