package fi.mokadesk.channel.form;

import fi.mokadesk.support.Api;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** What the form tests share: a form made over the API, and a client posting to it as a web site would. */
final class FormSupport {

    record Created(String id, String key) {}

    record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
        JsonNode json() {
            return Api.JSON.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern STAMP = Pattern.compile("name=\"_t\" value=\"([^\"]+)\"");

    private FormSupport() {}

    static Created create(Api admin, String name, Map<String, Object> settings) {
        Api.Response r = admin.postJson("/api/v1/channels", Map.of("type", "form", "name", name, "settings", settings));
        if (r.status() != 201) throw new AssertionError(r.status() + " " + r.body());
        JsonNode channel = r.json();
        return new Created(
                channel.get("id").asString(),
                channel.get("settings").get("formKey").asString());
    }

    static Answer send(String url, String method, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Answer postForm(String url, Map<String, String> fields) {
        return send(url, "POST", Map.of("Content-Type", "application/x-www-form-urlencoded"), encode(fields));
    }

    static Answer postJson(String url, Object body) {
        return send(
                url,
                "POST",
                Map.of("Content-Type", "application/json", "Accept", "application/json"),
                Api.JSON.writeValueAsString(body));
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The fill-time stamp of the hosted page, as a browser would submit it. */
    static String stampOf(String page) {
        Matcher m = STAMP.matcher(page);
        if (!m.find()) throw new AssertionError("no stamp in the page");
        return m.group(1);
    }

    static Map<String, String> customer(String name, String email, String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("email", email);
        fields.put("message", message);
        return fields;
    }

    /** Waits longer than the test desk's minimum fill time (1 s), as a person typing would. */
    static void typeForAWhile() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
