package fi.mokadesk.channel.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.mokadesk.support.Api;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fake Graph API (WireMock) that records every call and answers like Meta's documentation, and a client
 * that posts signed webhooks to a desk.
 */
final class MetaFixture implements AutoCloseable {

    final WireMockServer graph = new WireMockServer(options().dynamicPort());
    /** The desk the webhooks go to. */
    String base;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MetaFixture(String deskBase) {
        this.base = deskBase;
        graph.start();
        graph.stubFor(
                get(urlPathMatching("/v25\\.0/[0-9]+")).willReturn(okJson("{\"id\":\"1\",\"name\":\"Kahvila\"}")));
        // A comment's replies (looked up before a public reply is posted again): none unless a test says so.
        graph.stubFor(get(urlPathMatching("/v25\\.0/[0-9_]+/(comments|replies)"))
                .willReturn(okJson("{\"data\":[],\"paging\":{}}")));
        graph.stubFor(post(urlMatching("/v25\\.0/[0-9_]+/comments"))
                .willReturn(okJson("{\"id\":\"" + id() + "_" + id() + "\"}")));
        graph.stubFor(post(urlMatching("/v25\\.0/[0-9_]+/replies")).willReturn(okJson("{\"id\":\"" + id() + "\"}")));
        graph.stubFor(post(urlMatching("/v25\\.0/[0-9]+/messages"))
                .willReturn(okJson("{\"recipient_id\":\"1254477777772919\",\"message_id\":\"m_" + id() + "\"}")));
        graph.stubFor(post(urlMatching("/v25\\.0/[0-9_]+")).willReturn(okJson("{\"success\":true}")));
    }

    static String id() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    String graphUrl() {
        return graph.baseUrl();
    }

    /** A Facebook channel through the API; returns its id. */
    String facebook(Api admin, String pageId, String appSecret, String verifyToken, boolean humanAgent) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("pageId", pageId);
        settings.put("pageAccessToken", "EAAB-page-token-" + pageId);
        settings.put("appSecret", appSecret);
        settings.put("verifyToken", verifyToken);
        settings.put("graphBaseUrl", graphUrl());
        settings.put("humanAgent", humanAgent);
        return create(admin, "facebook", "Facebook-sivu", settings);
    }

    String instagram(Api admin, String igId, String appSecret, String verifyToken) {
        return create(
                admin,
                "instagram",
                "Instagram",
                Map.of(
                        "instagramAccountId", igId,
                        "accessToken", "IG-token-" + igId,
                        "appSecret", appSecret,
                        "verifyToken", verifyToken,
                        "graphBaseUrl", graphUrl()));
    }

    String whatsapp(Api admin, String wabaId, String phoneNumberId, String appSecret, String verifyToken) {
        return create(
                admin,
                "whatsapp",
                "WhatsApp",
                Map.of(
                        "businessAccountId", wabaId,
                        "phoneNumberId", phoneNumberId,
                        "accessToken", "WA-token-" + wabaId,
                        "appSecret", appSecret,
                        "verifyToken", verifyToken,
                        "graphBaseUrl", graphUrl()));
    }

    private static String create(Api admin, String type, String name, Map<String, Object> settings) {
        Api.Response created =
                admin.postJson("/api/v1/channels", Map.of("type", type, "name", name, "settings", settings));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** Posts a body to the webhook with the given signature header (none when null). */
    Api.Response webhook(String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/webhooks/meta"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) request.header("X-Hub-Signature-256", signature);
        return send(request);
    }

    Api.Response signed(String secret, String body) {
        return webhook(body, MetaPayloads.sign(secret, body));
    }

    Api.Response verify(String query) {
        return send(HttpRequest.newBuilder(URI.create(base + "/webhooks/meta?" + query))
                .GET());
    }

    private Api.Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Graph API answers every call to {@code pathRegex} with this error. */
    void failWith(String pathRegex, int status, String errorJson) {
        graph.stubFor(post(urlMatching(pathRegex))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(errorJson)));
    }

    @Override
    public void close() {
        graph.stop();
    }
}
