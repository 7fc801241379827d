package fi.mokadesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.FormSession;
import fi.mokadesk.support.RowCounts;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Random bad input against the API and the forms (sign-in, admin forms, conversation forms, inbox and storm
 * filters): never a 5xx, and a refused request leaves every row as it was. Seeded and reproducible: the
 * seed is printed; run again with {@code -Dmokadesk.fuzz.seed=<seed>}, and more requests with
 * {@code -Dmokadesk.fuzz.requests=<n>} (see docs/RELIABILITY.md).
 */
class InputFuzzTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    /**
     * One request as bytes on the wire; whether it is a page form (the answer may be a re-rendered form);
     * and whether it is sent twice, as a client retrying after a timeout would.
     */
    record Request(
            String method, String target, Map<String, String> headers, byte[] body, boolean page, boolean twice) {
        String describe() {
            String shown = new String(body, StandardCharsets.UTF_8);
            if (shown.length() > 200) shown = shown.substring(0, 200) + "…";
            Map<String, String> shownHeaders = new LinkedHashMap<>(headers);
            shownHeaders.remove("Cookie");
            shownHeaders.remove("Authorization");
            return method + " " + target + " " + shownHeaders + " " + shown;
        }
    }

    private Random random;
    private TestWorkspace ws;
    private final List<String> conversations = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private String sessionCookie;
    private String csrf;
    private String anonymousCookie;
    private String anonymousCsrf;

    @Test
    void badInputNeverAnswers5xxNorLeavesPartialRows() {
        long seed = Long.getLong("mokadesk.fuzz.seed", new SecureRandom().nextLong());
        int requests = Integer.getInteger("mokadesk.fuzz.requests", 500);
        System.out.println(
                "Input fuzz: seed " + seed + ", " + requests + " requests; repeat with -Dmokadesk.fuzz.seed=" + seed);
        random = new Random(seed);
        setUp();

        List<Function<Random, Request>> targets = targets();
        Map<String, Integer> answers = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < requests && failures.size() < 20; i++) {
            Request request = targets.get(random.nextInt(targets.size())).apply(random);
            Map<String, Long> before = RowCounts.of(workspaces.owner(), ws.id());
            FormSession.Raw answer =
                    FormSession.raw(port, request.method(), request.target(), request.headers(), request.body());
            answers.merge(request.method() + " " + answer.status(), 1, Integer::sum);
            if (request.twice() && answer.status() < 500) {
                FormSession.Raw retry =
                        FormSession.raw(port, request.method(), request.target(), request.headers(), request.body());
                if (retry.status() >= 500 || (answer.status() >= 400) != (retry.status() >= 400)) {
                    failures.add("#" + i + " answered " + answer.status() + ", then " + retry.status() + " on retry: "
                            + request.describe());
                    continue;
                }
            }
            if (answer.status() >= 500) {
                failures.add("#" + i + " answered " + answer.status() + ": " + request.describe());
                continue;
            }
            if (refused(request, answer)
                    && !RowCounts.of(workspaces.owner(), ws.id()).equals(before)) {
                failures.add(
                        "#" + i + " was refused (" + answer.status() + ") but changed rows: " + request.describe());
            }
        }
        System.out.println("Input fuzz answers: " + answers);
        assertThat(failures)
                .as("seed " + seed + " (-Dmokadesk.fuzz.seed=" + seed + ")")
                .isEmpty();
    }

    /** A 4xx; or a form that came back with its error shown (directly, or on the page it redirects to). */
    private boolean refused(Request request, FormSession.Raw answer) {
        if (answer.status() >= 400) return true;
        if (!request.page()) return false;
        if (answer.body().contains("notice error")) return true;
        if (answer.status() == 302 && request.target().startsWith("/admin/")) {
            String page = request.target().replaceAll("/[0-9a-f-]{36}.*$", "").replaceAll("\\?.*$", "");
            return FormSession.raw(port, "GET", page, Map.of("Cookie", sessionCookie), new byte[0])
                    .body()
                    .contains("notice error");
        }
        return false;
    }

    private void setUp() {
        ws = workspaces.create("Fuzz Oy");
        Api agent = api(ws.agentToken());
        for (int i = 0; i < 3; i++) {
            var stored = agent.post(
                            "/api/v1/messages", "{\"externalId\":\"seed-" + i + "\",\"text\":\"Hei " + i + "\"}")
                    .json();
            conversations.add(stored.get("conversationId").asString());
            messages.add(stored.get("messageId").asString());
        }
        FormSession admin = new FormSession(port);
        admin.signIn(ws.adminEmail(), ws.password());
        sessionCookie = admin.cookieHeader();
        csrf = admin.csrf();
        FormSession anonymous = new FormSession(port);
        anonymous.loginPage();
        anonymousCookie = anonymous.cookieHeader();
        anonymousCsrf = anonymous.csrf();
    }

    // --- values ---------------------------------------------------------------------------------------

    private static final String[] NASTY = {
        "",
        " ",
        "\u0000",
        "a\u0000b",
        "\ud800",
        "x\udc00",
        "\ud83d\ude00",
        "<script>alert(1)</script>",
        "' or 1=1 --",
        "%",
        "%zz",
        "../../etc/passwd",
        "null",
        "true",
        "maybe",
        "-1",
        "0",
        "101",
        "99999999999999999999",
        "1e309",
        "NaN",
        "\r\n",
        "\u202eevil",
        "carrier-pigeon",
        "Kuppi & Kahvi Oy",
        "http://127.0.0.1:1/hook",
        "javascript:alert(1)",
        "2026-02-30T25:61:00Z",
        "not-a-uuid",
        "bm90LWEtY3Vyc29y",
        "a@b",
        "x@y.fi"
    };

    private static final String[] CHOICES = {
        "api",
        "email",
        "x",
        "open",
        "pending",
        "resolved",
        "urgent",
        "high",
        "me",
        "none",
        "negative",
        "praise",
        "attention",
        "recent",
        "sentiment",
        "category",
        "abusive",
        "language",
        "reply",
        "note",
        "admin",
        "agent",
        "viewer",
        "lead",
        "all",
        "negative",
        "true",
        "false",
        "48"
    };

    private String text(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> CHOICES[r.nextInt(CHOICES.length)];
            case 1 -> "a".repeat(r.nextInt(3) == 0 ? 20_001 : 1 + r.nextInt(300));
            case 2 -> randomUnicode(r);
            case 3 -> r.nextBoolean() ? UUID.randomUUID().toString() : pick(r, conversations);
            default -> NASTY[r.nextInt(NASTY.length)];
        };
    }

    private static String randomUnicode(Random r) {
        StringBuilder s = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) s.append((char) r.nextInt(0x10000));
        return s.toString();
    }

    private static String pick(Random r, List<String> values) {
        return values.get(r.nextInt(values.size()));
    }

    private String id(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> NASTY[r.nextInt(NASTY.length)].isEmpty() ? "x" : encode(r, NASTY[r.nextInt(NASTY.length)]);
            case 2 -> pick(r, messages);
            default -> pick(r, conversations);
        };
    }

    /** Mostly proper percent-encoding; sometimes raw broken escapes or bytes that are not UTF-8. */
    private static String encode(Random r, String value) {
        return switch (r.nextInt(12)) {
            case 0 -> "%zz" + URLEncoder.encode(value, StandardCharsets.UTF_8);
            case 1 -> "%C3%28";
            case 2 -> "%ff%fe";
            case 3 -> URLEncoder.encode(value, StandardCharsets.UTF_8) + "%";
            default -> URLEncoder.encode(value, StandardCharsets.UTF_8);
        };
    }

    private String query(Random r, String... names) {
        StringBuilder q = new StringBuilder();
        for (String name : names) {
            if (r.nextInt(3) == 0) continue;
            if (!q.isEmpty()) q.append('&');
            q.append(name).append('=').append(encode(r, text(r)));
        }
        if (r.nextInt(10) == 0)
            q.append(q.isEmpty() ? "" : "&").append(encode(r, text(r))).append("=1");
        return q.toString();
    }

    /** A JSON value of a random kind; strings escape every control character and surrogate. */
    private String json(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> String.valueOf(r.nextInt());
            case 1 -> "123456789012345678901234567890";
            case 2 -> String.valueOf(r.nextBoolean());
            case 3 -> "null";
            case 4 -> "[" + json(r) + "]";
            case 5 -> "{\"a\":" + jsonString(text(r)) + "}";
            case 6 -> "1.5e400";
            default -> jsonString(text(r));
        };
    }

    private static String jsonString(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') s.append('\\').append(c);
            else if (c < 0x20 || Character.isSurrogate(c)) s.append(String.format("\\u%04x", (int) c));
            else s.append(c);
        }
        return s.append('"').toString();
    }

    private String object(Random r, String... fields) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : fields) {
            if (r.nextInt(4) == 0) continue;
            values.put(field, field.equals("author") ? object(r, "name", "handle", "email") : json(r));
        }
        StringBuilder s = new StringBuilder("{");
        values.forEach((k, v) -> s.append(s.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v));
        return s.append('}').toString();
    }

    /** The body as bytes, sometimes broken: cut short, with a byte that is not UTF-8, or empty. */
    private static byte[] bytes(Random r, String body) {
        byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
        return switch (r.nextInt(20)) {
            case 0 -> java.util.Arrays.copyOf(utf8, utf8.length / 2);
            case 1 -> {
                byte[] broken = java.util.Arrays.copyOf(utf8, utf8.length + 1);
                broken[broken.length - 1] = (byte) 0xff;
                yield broken;
            }
            case 2 -> new byte[0];
            default -> utf8;
        };
    }

    private static String contentType(Random r, String usual) {
        return switch (r.nextInt(30)) {
            case 0 -> "*/*";
            case 1 -> "text/plain";
            case 2 -> "application/*";
            case 3 -> "garbage";
            case 4 -> "application/json; charset=latin1";
            default -> usual;
        };
    }

    // --- requests -------------------------------------------------------------------------------------

    private Request api(Random r, String method, String path, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + (r.nextInt(20) == 0 ? ws.viewerToken() : ws.adminToken()));
        if (body != null) headers.put("Content-Type", contentType(r, "application/json"));
        if (r.nextInt(15) == 0) headers.put("Accept", r.nextBoolean() ? "text/csv" : "garbage");
        return new Request(method, path, headers, body == null ? new byte[0] : bytes(r, body), false, false);
    }

    private Request form(Random r, String method, String path, String form) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cookie", sessionCookie);
        if (r.nextBoolean()) headers.put("HX-Request", "true");
        if (form == null) return new Request(method, path, headers, new byte[0], true, false);
        headers.put("Content-Type", contentType(r, "application/x-www-form-urlencoded"));
        String token = r.nextInt(15) == 0 ? csrf.substring(1) + "A" : csrf;
        String body = form + (form.isEmpty() ? "" : "&") + "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return new Request(method, path, headers, bytes(r, body), true, false);
    }

    /**
     * A message that is valid but for one or two fields, sent twice like a retrying sender: a 201 must
     * become a 200 with the same ids, a refusal must stay a refusal.
     */
    private Request ingestAndRetry(Random r) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("channel", jsonString(ChannelTypes.ANY[r.nextInt(ChannelTypes.ANY.length)]));
        fields.put("externalId", jsonString("ext-" + r.nextLong()));
        fields.put("threadKey", jsonString("thread-" + r.nextInt(5)));
        fields.put(
                "author", "{\"name\":" + jsonString("Asiakas") + ",\"handle\":" + jsonString("h" + r.nextInt(5)) + "}");
        fields.put("subject", jsonString("Tilaus"));
        fields.put("text", jsonString("Hei, paketti on myöhässä"));
        String[] keys = fields.keySet().toArray(String[]::new);
        for (int i = 0; i < 1 + r.nextInt(2); i++) {
            String key = keys[r.nextInt(keys.length)];
            fields.put(
                    key,
                    key.equals("author")
                            ? "{\"name\":" + json(r) + ",\"handle\":" + json(r) + ",\"email\":" + json(r) + "}"
                            : jsonString(text(r)));
        }
        StringBuilder body = new StringBuilder("{");
        fields.forEach((k, v) -> body.append(body.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + ws.agentToken());
        headers.put("Content-Type", "application/json");
        return new Request(
                "POST",
                "/api/v1/messages",
                headers,
                body.append('}').toString().getBytes(StandardCharsets.UTF_8),
                false,
                true);
    }

    /** The catalogue's codes, and a few that are not in it. */
    private static final class ChannelTypes {
        static final String[] ANY = {
            "api", "email", "form", "facebook", "instagram", "whatsapp", "feed", "x", "API ", "sms"
        };
    }

    private String fields(Random r, String... names) {
        return query(r, names);
    }

    private List<Function<Random, Request>> targets() {
        String[] filters = {"status", "channel", "assignee", "q", "sentiment", "category", "abusive", "sort", "cursor"};
        String[] withLimit = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(filters), java.util.stream.Stream.of("limit"))
                .toArray(String[]::new);
        return List.of(
                // the API
                r -> api(r, "GET", "/api/v1/conversations?" + query(r, withLimit), null),
                r -> api(r, "GET", "/api/v1/conversations/" + id(r), null),
                r -> api(
                        r,
                        "POST",
                        "/api/v1/messages",
                        object(
                                r,
                                "channel",
                                "externalId",
                                "threadKey",
                                "author",
                                "subject",
                                "text",
                                "public",
                                "receivedAt")),
                r -> api(r, "POST", "/api/v1/messages", "{\"text\":" + json(r) + ",\"channel\":" + json(r) + "}"),
                this::ingestAndRetry, // three times as likely: the path where a retry once met a 500
                this::ingestAndRetry,
                this::ingestAndRetry,
                r -> api(r, "POST", "/api/v1/conversations/" + id(r) + "/messages", object(r, "type", "text")),
                r -> api(
                        r,
                        "PATCH",
                        "/api/v1/conversations/" + id(r),
                        object(r, "status", "assigneeId", "priority", "tags")),
                r -> api(r, "POST", "/api/v1/messages/" + id(r) + "/hide", object(r, "reason")),
                r -> api(r, "POST", "/api/v1/messages/" + id(r) + "/labels", object(r, "task", "label")),
                r -> api(r, "GET", "/api/v1/analysis/corrections?" + query(r, "limit"), null),
                r -> api(r, "GET", "/api/v1/audit?" + query(r, "entityType", "entityId", "limit"), null),
                r -> api(r, "GET", "/api/v1/storms?" + query(r, "limit"), null),
                r -> api(r, "GET", "/api/v1/storms/series?" + query(r, "series", "hours"), null),
                r -> api(r, "PUT", "/api/v1/workspace", object(r, "name", "outboundWebhookUrl")),
                r -> api(r, "POST", "/api/v1/workspace/members", object(r, "email", "displayName", "role")),
                r -> api(r, "PUT", "/api/v1/workspace/members/" + UUID.randomUUID(), object(r, "role", "enabled")),
                r -> api(r, "POST", "/api/v1/workspace/tokens", object(r, "name", "role")),
                r -> api(r, "POST", "/api/v1/workspace/tokens/" + UUID.randomUUID() + "/revoke", null),
                r -> api(r, "POST", "/api/v1/webhooks", object(r, "url", "events")),
                r -> api(r, "GET", "/api/v1/webhooks/" + id(r), null),
                r -> api(r, "POST", "/api/v1/webhooks/" + id(r) + "/test", null),
                r -> api(r, "GET", "/api/v1/deliveries?" + query(r, "state", "kind", "page", "size"), null),
                r -> api(r, "POST", "/api/v1/deliveries/" + id(r) + "/retry", null),
                // the forms and filters of the pages
                r -> form(r, "GET", "/inbox?" + query(r, filters), null),
                r -> form(r, "GET", "/conversations/" + id(r), null),
                r -> form(r, "POST", "/conversations/" + id(r) + "/messages", fields(r, "text", "type")),
                r -> form(r, "POST", "/conversations/" + id(r), fields(r, "status", "assigneeId", "priority")),
                r -> form(
                        r,
                        "POST",
                        "/messages/" + id(r) + "/labels",
                        "conversationId=" + pick(r, conversations) + "&" + fields(r, "task", "label")),
                r -> form(
                        r,
                        "POST",
                        "/messages/" + id(r) + "/hide",
                        "conversationId=" + pick(r, conversations) + "&" + fields(r, "reason")),
                r -> form(r, "POST", "/admin/users", fields(r, "email", "displayName", "role")),
                r -> form(r, "POST", "/admin/users/" + UUID.randomUUID(), fields(r, "role", "enabled")),
                r -> form(r, "POST", "/admin/tokens", fields(r, "name", "role")),
                r -> form(r, "POST", "/admin/settings", fields(r, "name", "outboundWebhookUrl")),
                r -> form(r, "POST", "/admin/webhooks", fields(r, "url", "events")),
                r -> form(r, "POST", "/deliveries/" + id(r) + "/retry", fields(r, "conversation", "back")),
                r -> form(r, "GET", "/admin/audit?" + query(r, "verify"), null),
                r -> form(r, "GET", "/storms?" + query(r, "series"), null),
                r -> form(r, "GET", "/storms/data?" + query(r, "series", "hours"), null),
                r -> form(r, "POST", "/storms/settings", fields(r, "chatWebhookUrl", "emailEnabled")),
                r -> form(r, "POST", "/workspace", fields(r, "workspaceId")),
                r -> form(r, "GET", "/login?" + query(r, "lang", "error", "expired"), null),
                // sign-in by someone not signed in, with a valid, tampered or missing CSRF token
                r -> {
                    String token = switch (r.nextInt(3)) {
                        case 0 -> anonymousCsrf;
                        case 1 -> anonymousCsrf.substring(0, anonymousCsrf.length() - 2) + "zz";
                        default -> encode(r, text(r));
                    };
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put("Cookie", anonymousCookie);
                    headers.put("Content-Type", contentType(r, "application/x-www-form-urlencoded"));
                    String body = fields(r, "username", "password") + "&_csrf=" + token;
                    return new Request("POST", "/login", headers, bytes(r, body), true, false);
                });
    }
}
