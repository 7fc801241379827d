package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.Browser;
import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An agent answers an angry public comment: the coach stops a blaming reply with a phone number, the agent
 * fixes it, a lead approves it from the review queue, and it is sent — all in real browsers.
 */
class ReplyWorkflowBrowserTest extends BrowserDeskTest {

    @Test
    void aBlamingPublicReplyIsFixedApprovedByALeadAndSent() {
        TestWorkspace ws = workspaces.create("Kahvila Kuppi");
        String leadEmail = ReplyDesk.leadPerson(workspaces, ws);
        Api agentApi = api(ws.agentToken());
        String conversation = ReplyDesk.negativePublicConversation(agentApi, "browser-1");

        signIn(ws.agentEmail(), ws.password());
        browser.get(url("/conversations/" + conversation));
        wait.until(d -> "open".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));

        browser.findElement(By.id("reply-text")).sendKeys("Et ole lukenut ohjeita. Soita numeroon 040 123 4567.");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#findings li.finding.blocking[data-rule=personal_data_public]")));
        assertThat(browser.findElements(By.cssSelector("#findings li.finding[data-rule=blames_customer]")))
                .isNotEmpty();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("review-required"), "negative"));

        browser.findElement(By.id("reply-text")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        browser.findElement(By.id("reply-text")).sendKeys(DraftApiTest.GOOD_REPLY);
        wait.until(d ->
                d.findElements(By.cssSelector("#findings li.finding.blocking")).isEmpty()
                        && !d.findElements(By.cssSelector("#draft-state")).isEmpty()
                        && d.findElements(By.cssSelector("#findings li.finding[data-rule=blames_customer]"))
                                .isEmpty());

        browser.findElement(By.id("submit-review")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#draft-state[data-state=in_review]")));
        assertThat(browser.findElement(By.id("reply-text")).getDomProperty("value"))
                .isEqualTo(DraftApiTest.GOOD_REPLY);

        ChromeDriver lead = Browser.start();
        try {
            WebDriverWait leadWait = new WebDriverWait(lead, Duration.ofSeconds(10));
            lead.get(url("/login?lang=en"));
            lead.findElement(By.id("username")).sendKeys(leadEmail);
            lead.findElement(By.id("password")).sendKeys(ws.password());
            lead.findElement(By.id("login-submit")).click();
            leadWait.until(ExpectedConditions.urlContains("/inbox"));
            lead.findElement(By.id("nav-reviews")).click();
            leadWait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.review-item")));
            assertThat(lead.findElement(By.cssSelector("article.review-item .review-text"))
                            .getText())
                    .isEqualTo(DraftApiTest.GOOD_REPLY);
            lead.findElement(By.cssSelector("article.review-item button.approve"))
                    .click();
            leadWait.until(ExpectedConditions.presenceOfElementLocated(By.id("queue-empty")));
        } finally {
            lead.quit();
        }

        // The author sees the approval live, then sends exactly the approved text.
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#draft-state[data-state=approved]")));
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("li.message.outbound .body"), "Kiitos viestistä"));
        assertThat(browser.findElement(By.cssSelector("li.message.outbound .body"))
                        .getText())
                .isEqualTo(DraftApiTest.GOOD_REPLY);
        assertThat(browser.findElement(By.id("reply-text")).getDomProperty("value"))
                .isEmpty();
        // Nothing of the sent draft is left open in the composer.
        wait.until(d -> d.findElements(By.id("draft-state")).isEmpty());
    }

    @Test
    void theHoldingReplyGoesInWithOneKeyWhereTheCursorIs() {
        TestWorkspace ws = workspaces.create("Pitovastaus Oy");
        String conversation =
                ReplyDesk.conversation(api(ws.agentToken()), "browser-hold", "Missä tilaukseni on?", false);

        signIn(ws.agentEmail(), ws.password());
        browser.get(url("/conversations/" + conversation));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("holding-reply")));

        // Written first, the cursor at the start: the holding reply goes in before the text, filled in.
        var text = browser.findElement(By.id("reply-text"));
        text.sendKeys("Terveisin tiimi");
        text.sendKeys(Keys.HOME);
        text.sendKeys(Keys.chord(Keys.ALT, Keys.SHIFT, "h"));
        String value = text.getDomProperty("value");
        assertThat(value).startsWith("Hei Kalle, kiitos viestistäsi!").endsWith("Terveisin tiimi");
        assertThat(value).doesNotContain("{{");

        // Outside a field, h alone puts it into the reply box; the ? help lists the key.
        text.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        browser.executeScript("document.activeElement.blur()");
        new org.openqa.selenium.interactions.Actions(browser).sendKeys("h").perform();
        wait.until(
                d -> d.findElement(By.id("reply-text")).getDomProperty("value").startsWith("Hei Kalle"));
        assertThat(browser.findElement(By.cssSelector("#shortcuts")).getDomProperty("innerHTML"))
                .contains("Alt");
    }
}
