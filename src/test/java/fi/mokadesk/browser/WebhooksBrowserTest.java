package fi.mokadesk.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In the browser: an admin subscribes a URL to events, copies the secret shown once, sends a test event and
 * sees it delivered in the log; an agent retries a reply whose delivery failed from the conversation page.
 */
class WebhooksBrowserTest extends BrowserDeskTest {

    TestWorkspace ws;
    WireMockServer receiver;

    @BeforeEach
    void start() {
        ws = workspaces.create("Webhooksivu Oy");
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/events")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlEqualTo("/replies")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    @Test
    void anAdminSubscribesSeesTheSecretOnceAndSendsATestEvent() {
        signIn(ws.adminEmail(), ws.password());
        browser.findElement(By.linkText("Webhooks")).click();
        wait.until(ExpectedConditions.urlContains("/admin/webhooks"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Event webhooks");

        browser.findElement(By.id("webhook-url")).sendKeys(receiver.baseUrl() + "/events");
        browser.findElement(By.cssSelector("input[name=events][value='message.received']"))
                .click();
        browser.findElement(By.cssSelector("#add-webhook button")).click();
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#new-secret code")))
                .getText();
        assertThat(secret).startsWith("whsec_");

        browser.findElement(By.xpath("//button[normalize-space()='Send test event']"))
                .click();
        assertThat(browser.getPageSource()).doesNotContain(secret);
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .pollingEvery(Duration.ofSeconds(1))
                .until(d -> {
                    d.navigate().refresh();
                    return d.findElements(By.cssSelector(".delivery-log td.delivery-sent"))
                                    .size()
                            == 1;
                });
        assertThat(browser.findElement(By.cssSelector(".delivery-log tbody tr")).getText())
                .contains("webhook.test")
                .contains("delivered");
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/events")))).hasSize(1);
    }

    @Test
    void anAgentRetriesAFailedReplyFromTheConversation() {
        Api admin = api(ws.adminToken());
        String channel = admin.postJson(
                        "/api/v1/channels",
                        Map.of(
                                "type",
                                "api",
                                "name",
                                "CRM",
                                "settings",
                                Map.of(
                                        "webhookUrl",
                                        receiver.baseUrl() + "/replies",
                                        "webhookSecret",
                                        "crm-salaisuus-123")))
                .json()
                .get("id")
                .asString();
        admin.post("/api/v1/channels/" + channel + "/disable", "");
        Api agent = api(ws.agentToken());
        String conv = agent.post("/api/v1/messages", "{\"externalId\":\"b-1\",\"text\":\"Missä paketti?\"}")
                .json()
                .get("conversationId")
                .asString();
        agent.post("/api/v1/conversations/" + conv + "/messages", "{\"text\":\"Huomenna perillä.\"}");
        admin.post("/api/v1/channels/" + channel + "/enable", "");

        signIn(ws.agentEmail(), ws.password());
        browser.get(url("/conversations/" + conv));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".delivery-failed")))
                        .getText())
                .isEqualTo("Delivery failed");
        browser.findElement(By.cssSelector("form.delivery-retry button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .pollingEvery(Duration.ofSeconds(1))
                .until(d -> {
                    d.navigate().refresh();
                    return !d.findElements(By.cssSelector(".delivery-sent")).isEmpty();
                });
        assertThat(browser.findElement(By.cssSelector(".delivery-sent")).getText())
                .isEqualTo("Delivered");
        assertThat(browser.findElements(By.cssSelector("form.delivery-retry"))).isEmpty();
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/replies")))).hasSize(1);
    }
}
