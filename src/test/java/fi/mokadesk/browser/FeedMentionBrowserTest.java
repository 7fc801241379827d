package fi.mokadesk.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * An admin adds a keyword rule and a forum feed in the admin pages, has the feed read, and finds the mention
 * in the inbox under the rule's tag, the brand highlighted — and the forum's attempt at markup shown as text.
 */
class FeedMentionBrowserTest extends BrowserDeskTest {

    WireMockServer forum;
    TestWorkspace ws;

    @BeforeEach
    void start() {
        forum = new WireMockServer(options().dynamicPort());
        forum.start();
        forum.stubFor(get(urlEqualTo("/forum.rss"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/rss+xml")
                        .withBody("""
                                <?xml version="1.0" encoding="UTF-8"?>
                                <rss version="2.0"><channel><title>Palsta</title><link>https://palsta.example.fi/</link>
                                <description>Palsta</description>
                                <item><guid>palsta-1</guid><title>Missä paras pulla?</title>
                                <link>https://palsta.example.fi/t/1</link>
                                <description>&lt;p&gt;Kävin eilen Kahvila Aromassa &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; ja pulla oli hyvää.&lt;/p&gt;</description>
                                </item></channel></rss>
                                """)));
        ws = workspaces.create("Syötesivu Oy");
    }

    @AfterEach
    void stop() {
        forum.stop();
    }

    @Test
    void anAdminAddsARuleAndAFeedAndSeesTheHighlightedMentionInTheInbox() {
        signIn(ws.adminEmail(), ws.password());

        browser.findElement(By.linkText("Keywords")).click();
        wait.until(ExpectedConditions.urlContains("/admin/keyword-rules"));
        browser.findElement(By.id("new-rule-name")).sendKeys("Aroma");
        browser.findElement(By.id("new-rule-terms")).sendKeys("Kahvila Aroma");
        browser.findElement(By.id("new-rule-exclude")).sendKeys("aromaterapia");
        browser.findElement(By.cssSelector("#add-keyword-rule button")).click();
        String rule = wait.until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#keyword-rules tbody tr")))
                .getText();
        assertThat(rule).contains("Aroma").contains("Kahvila Aroma").contains("aromaterapia");

        browser.findElement(By.linkText("Channels")).click();
        wait.until(ExpectedConditions.urlContains("/admin/channels"));
        browser.findElement(By.id("new-feed-name")).sendKeys("Palsta");
        browser.findElement(By.id("new-feed-url")).sendKeys("http://localhost:" + forum.port() + "/forum.rss");
        browser.findElement(By.cssSelector("#add-feed-channel button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#channels tbody"), "Palsta"));
        browser.findElement(By.cssSelector("button.feed-poll")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice[role=status]")));
        assertThat(browser.findElement(By.cssSelector("#channels tbody tr")).getText())
                .contains("OK");

        browser.get(url("/inbox?tag=aroma"));
        WebElement row = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("li.row a.open")));
        assertThat(row.getText()).contains("palsta.example.fi");
        row.click();
        WebElement mark =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".message .body mark")));
        assertThat(mark.getText()).isEqualTo("Kahvila Aromassa");
        WebElement body = browser.findElement(By.cssSelector(".message .body"));
        assertThat(body.getText()).contains("<script>alert(1)</script>");
        assertThat(body.findElements(By.tagName("script"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".source-link a")).getAttribute("href"))
                .isEqualTo("https://palsta.example.fi/t/1");
    }
}
