package fi.mokadesk.workspace;

import java.io.IOException;
import java.net.CookieManager;
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

/**
 * A person using the desk's pages over real HTTP, without a browser: cookies, the CSRF token of the last
 * page, form posts; redirects are followed by hand so tests can see where they lead. An optional source
 * address is sent as {@code X-Forwarded-For} (the desk trusts it from a local proxy, as it would behind one).
 */
class FormSession {

    record Page(int status, String location, String body) {
        String text() {
            return body.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final String base;
    private final String address;
    private final HttpClient http;
    private String csrf;

    FormSession(int port, String address) {
        this.base = "http://localhost:" + port;
        this.address = address;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** GET, following redirects within the desk. */
    Page get(String path) {
        Page page = send(request(path).GET());
        for (int i = 0; i < 5 && page.location() != null; i++)
            page = send(request(page.location()).GET());
        return page;
    }

    /** GET without following a redirect. */
    Page peek(String path) {
        return send(request(path).GET());
    }

    /** POST a form with the CSRF token of the last page; the redirect is not followed. */
    Page post(String path, Map<String, String> form) {
        if (csrf == null) get("/login");
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put("_csrf", csrf);
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs in; returns the page the desk sent the person to. */
    Page signIn(String email, String password) {
        get("/login?lang=en");
        Page answer = post("/login", Map.of("username", email, "password", password));
        return answer.location() == null ? answer : get(answer.location());
    }

    private HttpRequest.Builder request(String path) {
        String url = path.startsWith("http") ? path : base + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (address != null) b.header("X-Forwarded-For", address);
        return b;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) csrf = m.group(1);
            return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
