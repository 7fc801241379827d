package fi.mokadesk.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Random requests at the public form endpoint, which anyone on the internet can reach: random bodies,
 * content types, charsets, percent-encodings, JSON shapes, origins and forged canary marks, sent as raw bytes
 * over a socket. Never a 5xx, and a forged canary mark is never taken for one. Seeded: the seed is printed;
 * repeat with {@code -Dmokadesk.fuzz.seed=<seed>}, more with {@code -Dmokadesk.fuzz.requests=<n>}.
 */
class FormFuzzTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    private static final String[] TYPES = {
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8",
        "application/x-www-form-urlencoded; charset=ISO-8859-1",
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=nonsense",
        "application/json",
        "application/json; charset=latin1",
        "application/problem+json",
        "text/plain",
        "text/html",
        "multipart/form-data; boundary=xyz",
        "multipart/form-data",
        "application/xml",
        "*/*",
        "application/*",
        "a/b/c",
        ";;;",
        "",
        null
    };

    private static final String[] VALUES = {
        "Maija",
        "",
        " ",
        "maija@example.fi",
        "@",
        "a@b",
        "%00",
        "\u0000",
        "\ud800",
        "😀".repeat(50),
        "ä".repeat(6000),
        "<script>alert(1)</script>",
        "' or 1=1 --",
        "true",
        "on",
        "false",
        "040 123 4567",
        "+358 (0) 40-123",
        "x".repeat(70_000),
        "\r\n\r\n",
        "%zz",
        "%",
        "+",
        "&&&",
        "=",
        "null",
        "[]",
        "{}"
    };

    private static final String[] NAMES = {
        "name",
        "email",
        "phone",
        "orderNumber",
        "message",
        "consent",
        "website",
        "_t",
        "lang",
        "",
        "%00",
        "a[b]",
        "message"
    };

    @Test
    void randomRequestsToThePublicFormNeverGet5xx() throws Exception {
        long seed = Long.getLong("mokadesk.fuzz.seed", new SecureRandom().nextLong());
        int requests = Integer.getInteger("mokadesk.fuzz.requests", 400);
        System.out.println(
                "Form fuzz: seed " + seed + ", " + requests + " requests; repeat with -Dmokadesk.fuzz.seed=" + seed);
        Random random = new Random(seed);
        TestWorkspace ws = workspaces.create("Fuzz Lomake");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add(FormSupport.create(
                            api(ws.adminToken()),
                            "Lomake " + i,
                            Map.of(
                                    "siteOrigins",
                                    List.of("https://www.example.fi"),
                                    "fields",
                                    Map.of("phone", Map.of("required", i % 2 == 0), "consent", Map.of("shown", true))))
                    .key());
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            byte[] request = request(random, keys);
            int status = send(request);
            if (status >= 500 || status < 100) {
                failures.add(status + " for "
                        + new String(request, 0, Math.min(300, request.length), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(failures)
                .as("seed " + seed + " (-Dmokadesk.fuzz.seed=" + seed + ")")
                .isEmpty();
        long canaries = workspaces
                .owner()
                .sql("select count(*) from form_submission where workspace_id = ? and canary")
                .param(ws.id())
                .query(Long.class)
                .single();
        assertThat(canaries).as("a forged canary mark is never believed").isZero();
    }

    private byte[] request(Random random, List<String> keys) {
        String key = keys.get(random.nextInt(keys.size()));
        String path = switch (random.nextInt(12)) {
            case 0 -> "/f/" + key + "/state";
            case 1 -> "/f/" + key.substring(0, 20);
            case 2 -> "/f/%00" + key;
            case 3 -> "/f/" + key + "?lang=%ff";
            case 4 -> "/f/" + key + "?lang=en&x=%zz";
            default -> "/f/" + key;
        };
        String method = random.nextInt(10) == 0
                ? pick(random, new String[] {"GET", "PUT", "OPTIONS", "DELETE", "PATCH"})
                : "POST";
        String type = pick(random, TYPES);
        byte[] body = body(random, type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: localhost:").append(port).append("\r\n");
        head.append("Connection: close\r\n");
        if (type != null) head.append("Content-Type: ").append(type).append("\r\n");
        if (random.nextInt(4) == 0)
            head.append("Accept: ")
                    .append(pick(
                            random, new String[] {"application/json", "text/html", "*/*", "image/png", "nonsense"}))
                    .append("\r\n");
        if (random.nextInt(4) == 0)
            head.append("Origin: ")
                    .append(pick(random, new String[] {
                        "https://www.example.fi",
                        "https://evil.example",
                        "null",
                        "http://localhost:" + port,
                        "ftp://x",
                        "%%%"
                    }))
                    .append("\r\n");
        if (random.nextInt(6) == 0) head.append("Access-Control-Request-Method: POST\r\n");
        if (random.nextInt(6) == 0) {
            head.append(FormController.CANARY_HEADER)
                    .append(": ")
                    .append(java.util.UUID.randomUUID())
                    .append('.')
                    .append(pick(random, VALUES).replaceAll("[\r\n]", ""))
                    .append("\r\n");
        }
        boolean chunked = random.nextInt(8) == 0;
        if (chunked) head.append("Transfer-Encoding: chunked\r\n");
        else head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (chunked) {
            out.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(body);
            out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private byte[] body(Random random, String type) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            byte[] bytes = new byte[random.nextInt(3000)];
            random.nextBytes(bytes);
            return bytes;
        }
        boolean json = type != null && type.contains("json") ? random.nextInt(5) != 0 : random.nextInt(5) == 0;
        if (json) {
            return switch (random.nextInt(6)) {
                case 0 -> "[".repeat(5000).getBytes(StandardCharsets.UTF_8);
                case 1 -> "{\"name\": {\"x\": 1}, \"message\": [1,2]}".getBytes(StandardCharsets.UTF_8);
                case 2 ->
                    "{\"message\": \"\\ud800\\u0000 hei\", \"email\": \"a@b.fi\", \"name\": \"N\"}"
                            .getBytes(StandardCharsets.UTF_8);
                case 3 -> "{\"name\": 1e99999, \"email\": true, \"message\": \"ok\"}".getBytes(StandardCharsets.UTF_8);
                default -> {
                    StringBuilder b = new StringBuilder("{");
                    int n = random.nextInt(8);
                    for (int i = 0; i < n; i++) {
                        if (i > 0) b.append(',');
                        b.append('"')
                                .append(escape(pick(random, NAMES)))
                                .append("\":\"")
                                .append(escape(pick(random, VALUES)))
                                .append('"');
                    }
                    yield b.append('}')
                            .toString()
                            .getBytes(random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                }
            };
        }
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(9);
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append('&');
            String name = pick(random, NAMES);
            String value = pick(random, VALUES);
            if (random.nextBoolean()) {
                b.append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
            } else {
                b.append(name).append('=').append(value); // raw: broken percent-encodings, bare non-ASCII
            }
        }
        return b.toString().getBytes(random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || Character.isSurrogate(c)) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** The status code of the answer, or 0 when the server answered nothing readable. */
    private int send(byte[] request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may close early on a refused body (413); its answer is still readable.
            }
            InputStream in = socket.getInputStream();
            byte[] line = new byte[64];
            int n = 0;
            int b;
            while (n < line.length && (b = in.read()) >= 0 && b != '\n') line[n++] = (byte) b;
            String status = new String(line, 0, n, StandardCharsets.ISO_8859_1);
            String[] parts = status.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }
    }
}
