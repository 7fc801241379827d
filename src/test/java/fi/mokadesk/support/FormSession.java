package fi.mokadesk.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A person in a browser without the browser: a cookie session, the sign-in form and CSRF-protected forms. */
public class FormSession {

    private static final Pattern CSRF = Pattern.compile("name=\"(?:_csrf|csrf-token)\" (?:value|content)=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private String csrf;

    public FormSession(int port) {
        this.base = "http://localhost:" + port;
    }

    public record Page(int status, String location, String body) {}

    /** Opens the sign-in page, keeping its session cookie and CSRF token. */
    public Page loginPage() {
        Page page = get("/login");
        csrf = token(page.body());
        return page;
    }

    public Page signIn(String email, String password) {
        loginPage();
        Page answer = post("/login", Map.of("username", email, "password", password));
        Page inbox = get("/inbox");
        if (inbox.status() != 200) throw new IllegalStateException("sign-in failed: " + answer);
        return answer;
    }

    /** The session's cookies as a {@code Cookie} header value, for raw requests in the same session. */
    public String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    /** The CSRF token of the current session, as the last page carried it. */
    public String csrf() {
        return csrf;
    }

    public Page get(String path) {
        Page page = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        String token = token(page.body());
        if (token != null) csrf = token;
        return page;
    }

    /** A GET with extra headers, e.g. the ones htmx sends to ask for one pane of a page. */
    public Page get(String path, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    /** A form post with the session's CSRF token added. */
    public Page post(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return postRaw(path, form + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
    }

    /** A form post exactly as given (already encoded, CSRF token included or not). */
    public Page postRaw(String path, String encodedForm) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("HX-Request", "true")
                .POST(HttpRequest.BodyPublishers.ofString(encodedForm)));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String token(String html) {
        Matcher m = CSRF.matcher(html == null ? "" : html);
        return m.find() ? m.group(1) : null;
    }

    /** The answer to a raw request: status code and everything after the headers. */
    public record Raw(int status, String body) {}

    /**
     * One HTTP/1.1 request written byte for byte over a socket, for what a well-behaved client refuses to
     * send (invalid percent-encoding, raw bytes that are not UTF-8, a wildcard Content-Type).
     */
    public static Raw raw(int port, String method, String target, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (SocketException closedEarly) {
                // A refusal the server can give from the headers alone may be answered, and the connection
                // closed, before the whole body is written; a client then reads that answer, as curl does.
            }
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!answer.startsWith("HTTP/1.1 ")) throw new IOException("no HTTP answer to " + method + " " + target);
            int end = answer.indexOf("\r\n\r\n");
            return new Raw(Integer.parseInt(answer.substring(9, 12)), end < 0 ? "" : answer.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
