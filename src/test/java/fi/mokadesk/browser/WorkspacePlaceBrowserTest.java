package fi.mokadesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The agent keeps their place while working: a half-written note or reply waits in its conversation while
 * they look at another one, and the rows "More" loaded (and the row the agent moved to) stay in the list when
 * it refreshes live.
 */
class WorkspacePlaceBrowserTest extends BrowserDeskTest {

    @Test
    void aHalfWrittenNoteAndReplyWaitInTheirConversations() {
        TestWorkspace ws = workspaces.create("Kesken Oy " + UUID.randomUUID());
        String first = write(ws, "k-1", "Tilaus 1001 ei ole tullut.", 120);
        String second = write(ws, "k-2", "Voiko lahjakortin vaihtaa rahaksi?", 60);
        signIn(ws.agentEmail(), ws.password());
        waitForLive();

        open(first);
        browser.findElement(By.cssSelector("#reply-form input[name=type][value=note]"))
                .click();
        String note = "Soitin asiakkaalle, hän palaa asiaan huomenna";
        WebElement box = browser.findElement(By.id("reply-text"));
        box.sendKeys(note);
        // Straight on to the next conversation, before any autosave could run.
        open(second);
        assertThat(browser.findElement(By.id("reply-text")).getDomProperty("value"))
                .isEmpty();
        String reply = "Kiitos viestistä, selvitämme asian ja palaamme tänään.";
        browser.findElement(By.id("reply-text")).sendKeys(reply);

        open(first);
        wait.until(d -> note.equals(d.findElement(By.id("reply-text")).getDomProperty("value")));
        assertThat(browser.findElement(By.cssSelector("#reply-form input[name=type][value=note]"))
                        .isSelected())
                .isTrue();
        open(second);
        wait.until(d -> reply.equals(d.findElement(By.id("reply-text")).getDomProperty("value")));
        assertThat(browser.findElement(By.cssSelector("#reply-form input[name=type][value=reply]"))
                        .isSelected())
                .isTrue();

        // Sent, it is gone: coming back later the box is empty.
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.message.outbound .body")));
        wait.until(
                d -> d.findElement(By.id("reply-text")).getDomProperty("value").isEmpty());
        open(first);
        open(second);
        assertThat(browser.findElement(By.id("reply-text")).getDomProperty("value"))
                .isEmpty();
    }

    @Test
    void theRowsMoreLoadedStayWhenTheListRefreshesLive() {
        TestWorkspace ws = workspaces.create("Pitkä lista Oy " + UUID.randomUUID());
        for (int i = 0; i < 60; i++) write(ws, "p-" + i, "Kysymys numero " + i, 3600 - i);
        signIn(ws.agentEmail(), ws.password());
        waitForLive();
        assertThat(browser.findElements(By.cssSelector("#rows li.row"))).hasSize(50);

        browser.findElement(By.cssSelector("#rows li.more a")).click();
        wait.until(d -> d.findElements(By.cssSelector("#rows li.row")).size() == 60);

        // The agent moves down the list with the keyboard, without opening anything yet.
        new org.openqa.selenium.interactions.Actions(browser).sendKeys("jjj").perform();
        String third =
                browser.findElements(By.cssSelector("#rows li.row")).get(2).getDomAttribute("id");
        wait.until(d -> third.equals(
                d.findElement(By.cssSelector("#rows li.row.active")).getDomAttribute("id")));

        // A customer writes: the list refreshes live, with the new conversation on top and all loaded rows,
        // and the agent is still on the row they moved to.
        String fresh = write(ws, "p-new", "Uusi viesti juuri nyt", 0);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("c-" + fresh)));
        assertThat(browser.findElements(By.cssSelector("#rows li.row"))).hasSize(60);
        assertThat(browser.findElement(By.cssSelector("#rows li.row.active")).getDomAttribute("id"))
                .isEqualTo(third);
        assertThat(browser.findElement(By.cssSelector("#rows li.row")).getDomAttribute("id"))
                .isEqualTo("c-" + fresh);
        assertThat(browser.findElements(By.cssSelector("#rows li.more a"))).hasSize(1);
    }

    private String write(TestWorkspace ws, String externalId, String text, int secondsAgo) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", "email");
        message.put("externalId", externalId);
        message.put("threadKey", "thread-" + externalId);
        message.put("author", Map.of("name", "Asiakas " + externalId, "email", externalId + "@example.fi"));
        message.put("text", text);
        message.put("receivedAt", Instant.now().minusSeconds(secondsAgo).toString());
        var answer = api(ws.agentToken()).postJson("/api/v1/messages", message);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("conversationId").asString();
    }

    private void open(String conversation) {
        // The list re-renders live (a reply just sent moves its row).
        click(By.cssSelector("#c-" + conversation + " a.open"));
        wait.until(ExpectedConditions.urlContains("/conversations/" + conversation));
        wait.until(d -> !d.findElements(By.cssSelector("#composer[data-conversation='" + conversation + "']"))
                .isEmpty());
    }

    private void waitForLive() {
        wait.until(d -> "open".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));
    }
}
