package fi.mokadesk.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * An angry public Facebook comment arrives live; the agent opens it, uses "Move to private", and both halves
 * show and link to each other, while the fake Graph API receives the public and the private reply.
 */
class MetaBrowserTest extends BrowserDeskTest {

    WireMockServer graph = new WireMockServer(options().dynamicPort());

    @AfterEach
    void stopGraph() {
        graph.stop();
    }

    @Test
    void anAngryCommentIsMovedToPrivateAndBothHalvesLink() throws Exception {
        graph.start();
        graph.stubFor(WireMock.get(WireMock.urlPathMatching("/v25\\.0/[0-9]+"))
                .willReturn(WireMock.okJson("{\"id\":\"1\"}")));
        graph.stubFor(WireMock.post(WireMock.urlMatching("/v25\\.0/[0-9_]+/comments"))
                .willReturn(WireMock.okJson("{\"id\":\"9_9\"}")));
        graph.stubFor(WireMock.post(WireMock.urlMatching("/v25\\.0/[0-9]+/messages"))
                .willReturn(WireMock.okJson("{\"recipient_id\":\"1\",\"message_id\":\"m_9\"}")));
        TestWorkspace ws = workspaces.create("Selainsome Oy");
        String pageId = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
        String secret = "browser-app-secret-" + pageId;
        Api.Response channel = api(ws.adminToken())
                .postJson(
                        "/api/v1/channels",
                        Map.of(
                                "type",
                                "facebook",
                                "name",
                                "Facebook",
                                "settings",
                                Map.of(
                                        "pageId",
                                        pageId,
                                        "pageAccessToken",
                                        "EAAB-browser",
                                        "appSecret",
                                        secret,
                                        "verifyToken",
                                        "verify-" + pageId,
                                        "graphBaseUrl",
                                        graph.baseUrl())));
        assertThat(channel.status()).as(channel.body()).isEqualTo(201);

        signIn(ws.agentEmail(), ws.password());
        wait.until(d -> "open".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-live")));

        String postId = pageId + "_4001";
        String commentId = pageId + "_5001";
        long now = System.currentTimeMillis() / 1000;
        String body = """
                {"object":"page","entry":[{"id":"%s","time":%d,"changes":[{"field":"feed","value":{
                  "from":{"id":"6001","name":"Raivostunut Asiakas"},
                  "post":{"status_type":"added_photos","is_published":true,"permalink_url":"https://www.facebook.com/%s","id":"%s"},
                  "message":"Surkein palvelu ikinä! Tilaukseni katosi eikä kukaan vastaa!",
                  "post_id":"%s","comment_id":"%s","created_time":%d,"item":"comment","parent_id":"%s","verb":"add"}}]}]}
                """.formatted(pageId, now, postId, postId, postId, commentId, now, postId);
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/webhooks/meta")))
                                .header("Content-Type", "application/json")
                                .header("X-Hub-Signature-256", sign(secret, body))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);

        // The list and the conversation are swapped by live updates while the test reads them, so every read
        // looks the element up again inside a wait (a stale element is looked up anew).
        wait.until(d ->
                d.findElement(By.cssSelector("#rows li.row a.open")).getText().contains("Raivostunut Asiakas"));
        click(By.cssSelector("#rows li.row a.open"));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.action-meta-moveToPrivate")));
        String permalink = wait.until(
                d -> d.findElement(By.cssSelector("a.link-meta-permalink")).getDomAttribute("href"));
        assertThat(permalink).isEqualTo("https://www.facebook.com/" + postId);
        click(By.cssSelector("button.action-meta-moveToPrivate"));

        String privateHref = wait.until(
                d -> d.findElement(By.cssSelector("a.link-meta-privateHalf")).getDomAttribute("href"));
        wait.until(d -> !d.findElement(By.cssSelector(".mark-moved-to-private"))
                .getText()
                .isBlank());
        assertThat(browser.findElements(By.cssSelector("button.action-meta-moveToPrivate")))
                .isEmpty();
        wait.until(d -> d.findElement(By.cssSelector("li.message.outbound .body"))
                .getText()
                .contains("private message"));
        String publicUrl = browser.getCurrentUrl();

        browser.get(url(privateHref));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("a.link-meta-publicHalf")));
        wait.until(d -> d.findElement(By.cssSelector("li.message.inbound .body"))
                .getText()
                .contains("Surkein palvelu"));
        wait.until(d -> d.findElement(By.cssSelector("li.message.outbound .body"))
                .getText()
                .contains("order number"));
        String publicHalf = wait.until(
                d -> d.findElement(By.cssSelector("a.link-meta-publicHalf")).getDomAttribute("href"));
        assertThat(publicUrl).endsWith(publicHalf);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + commentId + "/comments")));
            graph.verify(postRequestedFor(urlEqualTo("/v25.0/" + pageId + "/messages"))
                    .withRequestBody(WireMock.matchingJsonPath("$.recipient.comment_id", WireMock.equalTo(commentId))));
        });
    }

    private static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
