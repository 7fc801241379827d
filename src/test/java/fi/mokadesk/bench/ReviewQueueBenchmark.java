package fi.mokadesk.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Review queue latency with 10,000 open drafts waiting for review (scripts/review-queue-benchmark.sh starts
 * the desk). The first drafts go through the API (conversation, draft with the coach's findings, submit);
 * the rest are written straight into the database in the same shape, since only the queue's read is
 * measured. Then {@code GET /api/v1/reviews} (100 items, the customer who waited longest first) is timed
 * from one client and from four at once. Loopback only; every loop is bounded.
 */
public final class ReviewQueueBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    ReviewQueueBenchmark(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        ReviewQueueBenchmark bench = new ReviewQueueBenchmark(
                opts.getOrDefault("url", "http://localhost:8099"), opts.getOrDefault("token", "bench-token"));
        int drafts = Integer.parseInt(opts.getOrDefault("drafts", "10000"));
        int viaApi = Integer.parseInt(opts.getOrDefault("api-drafts", "100"));
        String jdbc = opts.getOrDefault("jdbc", "jdbc:postgresql://localhost:55432/postgres");
        System.out.printf(
                "machine: %d cores, load average %s, %s %s%n",
                Runtime.getRuntime().availableProcessors(),
                load(),
                System.getProperty("os.name"),
                System.getProperty("java.version"));
        bench.fill(jdbc, drafts, viaApi);
        bench.measure(2_000, 1);
        bench.measure(500, 4);
        System.out.printf("load average after: %s%n", load());
        System.exit(0);
    }

    void fill(String jdbc, int drafts, int viaApi) throws Exception {
        long start = System.nanoTime();
        UUID sample = null;
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < viaApi; i++) {
            String conversation = post(
                            "/api/v1/messages",
                            Map.of(
                                    "channel",
                                    "api",
                                    "externalId",
                                    "review-bench-" + UUID.randomUUID(),
                                    "author",
                                    Map.of("name", "Asiakas " + i),
                                    "text",
                                    "Paketti on viikon myöhässä eikä kukaan vastaa, huonoa palvelua!",
                                    "public",
                                    true))
                    .get("conversationId")
                    .asString();
            conversations.add(conversation);
            JsonNode draft = post(
                    "/api/v1/conversations/" + conversation + "/drafts",
                    Map.of(
                            "text",
                            "Kiitos viestistä ja pahoittelut viivästyksestä! Lähetämme paketin uudelleen tänään.",
                            "public",
                            true));
            sample = UUID.fromString(draft.get("id").asString());
            post("/api/v1/drafts/" + sample + "/submit", Map.of());
        }
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                PreparedStatement copy = c.prepareStatement("""
                        insert into reply_draft (workspace_id, conversation_id, state, text, is_public, author_key,
                                                 author_name, findings, review_reasons, customer_waiting_since,
                                                 submitted_at)
                        select d.workspace_id, d.conversation_id, 'in_review', d.text || ' #' || g, true,
                               'token:bench-' || (g % 20), 'Agentti ' || (g % 20), d.findings, d.review_reasons,
                               now() - (g % 240) * interval '1 minute', now() - (g % 60) * interval '1 minute'
                          from reply_draft d, generate_series(1, ?) g
                         where d.id = ?
                        """)) {
            copy.setInt(1, Math.max(0, drafts - viaApi));
            copy.setObject(2, sample);
            copy.executeUpdate();
            try (ResultSet rs =
                    c.createStatement().executeQuery("select count(*) from reply_draft where state = 'in_review'")) {
                rs.next();
                System.out.printf(
                        "fill      %d drafts in review (%d through the API) in %.1f s%n",
                        rs.getLong(1), viaApi, (System.nanoTime() - start) / 1e9);
            }
            c.createStatement().execute("analyze reply_draft");
        }
        for (int i = 0; i < 300; i++) get("/api/v1/reviews"); // warm-up: JIT, caches
    }

    void measure(int perClient, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> runs = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            runs.add(pool.submit(() -> {
                long[] times = new long[perClient];
                for (int i = 0; i < perClient; i++) {
                    long t0 = System.nanoTime();
                    int items = get("/api/v1/reviews").get("items").size();
                    times[i] = System.nanoTime() - t0;
                    if (items != 100) throw new IllegalStateException("the queue answered " + items + " items");
                }
                return times;
            }));
        }
        long[] all = new long[perClient * clients];
        int n = 0;
        for (Future<long[]> run : runs) for (long t : run.get()) all[n++] = t;
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        System.out.printf(
                "reviews   GET /api/v1/reviews (100 of 10,000), %d client(s), %d requests: %.0f req/s, p50 %.1f ms,"
                        + " p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                clients,
                all.length,
                all.length / seconds,
                all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.95)] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6,
                all[all.length - 1] / 1e6);
    }

    private JsonNode post(String path, Object body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2)
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(path + " answered " + r.statusCode());
        return JSON.readTree(r.body());
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
