package fi.mokadesk.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator against a running desk (see scripts/benchmark.sh): ingest throughput and latency,
 * inbox list and search latency with 100,000 conversations, and a PostgreSQL single-row insert baseline
 * measured against the same database in the same run. Loopback only; every loop is bounded.
 */
public final class LoadBenchmark {

    private static final String[] WORDS = {
        "paketti", "lasku", "tilaus", "palautus", "hyvitys", "kahvi", "sovellus", "toimitus", "asiakaspalvelu",
        "veloitus", "kuitti", "takuu", "rikki", "myöhässä", "kiitos", "huono", "nopea", "ystävällinen"
    };

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .executor(Executors.newFixedThreadPool(4))
            .build();

    LoadBenchmark(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        LoadBenchmark bench = new LoadBenchmark(
                opts.getOrDefault("url", "http://localhost:8099"), opts.getOrDefault("token", "bench-token"));
        int conversations = Integer.parseInt(opts.getOrDefault("conversations", "100000"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "16"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "500"));
        String jdbc = opts.get("jdbc");

        System.out.printf(
                "machine: %d cores, %s %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("java.version"));
        java.util.Set<String> phases = java.util.Set.of(
                opts.getOrDefault("phases", "baseline,fill,steady,inbox").split(","));
        if (jdbc != null && phases.contains("baseline")) bench.baseline(jdbc, concurrency, 10);
        if (phases.contains("fill")) {
            bench.warmUp();
            bench.fill(conversations, concurrency);
        }
        if (phases.contains("steady")) bench.steady(rate, Integer.parseInt(opts.getOrDefault("seconds", "30")));
        if (phases.contains("inbox")) bench.inbox();
        if (phases.contains("workspace"))
            bench.workspace(
                    opts.getOrDefault("admin-email", "admin@mokadesk.local"),
                    opts.getOrDefault("admin-password", "bench-password"));
        if (phases.contains("search")) bench.search(Integer.parseInt(opts.getOrDefault("repeat", "100")));
        if (jdbc != null && phases.contains("oldsearch"))
            bench.oldSearch(jdbc, Integer.parseInt(opts.getOrDefault("oldRepeat", "3")));
        System.exit(0); // the HTTP client's worker threads would keep the JVM alive
    }

    /** PostgreSQL alone: single-row autocommit inserts from the same number of connections. */
    void baseline(String url, int connections, int seconds) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("create unlogged table if not exists bench_baseline_unused (x int)");
            s.execute("drop table if exists bench_baseline");
            s.execute(
                    "create table bench_baseline (id bigserial primary key, body text, at timestamptz default now())");
        }
        AtomicLong rows = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                        PreparedStatement insert = c.prepareStatement("insert into bench_baseline (body) values (?)")) {
                    while (System.nanoTime() < end) {
                        insert.setString(1, "Paketti ei ole tullut, missä se on?");
                        insert.executeUpdate();
                        rows.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        System.out.printf(
                "baseline  PostgreSQL single-row inserts (autocommit, %d connections): %.0f rows/s%n",
                connections, rows.get() / (double) seconds);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("drop table bench_baseline");
            s.execute("drop table bench_baseline_unused");
        }
    }

    void warmUp() throws Exception {
        for (int i = 0; i < 2000; i++) send(ingest("warm-" + i, "warm-" + (i % 50)));
    }

    /** As fast as the desk takes them: one new conversation per message. */
    void fill(int count, int concurrency) throws Exception {
        long[] latencies = new long[count];
        Semaphore slots = new Semaphore(concurrency);
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            int n = i;
            long t0 = System.nanoTime();
            http.sendAsync(ingest("fill-" + n, "thread-" + n), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        latencies[n] = System.nanoTime() - t0;
                        if (e != null || r.statusCode() != 201) failures.incrementAndGet();
                        slots.release();
                    });
        }
        slots.acquire(concurrency);
        slots.release(concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "ingest    %d messages, %d concurrent: %.0f messages/s, %s, failures %d%n",
                count, concurrency, count / seconds, percentiles(latencies), failures.get());
    }

    /** A fixed arrival rate; latency counted from the planned send time, so queueing is not hidden. */
    void steady(int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger failures = new AtomicInteger();
        // At most 64 requests in flight, like a pool of integrations; a request that has to wait for a
        // slot still counts its latency from the moment it was planned.
        Semaphore slots = new Semaphore(64);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int n = 0; n < total; n++) {
            long planned = start + n * periodNanos;
            long wait = planned - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            slots.acquire();
            int i = n;
            http.sendAsync(
                            ingest("steady-" + start + "-" + n, "steady-" + (n % 5000)),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        latencies[i] = System.nanoTime() - planned;
                        if (e != null || r.statusCode() / 100 != 2) failures.incrementAndGet();
                        slots.release();
                    });
        }
        slots.acquire(64);
        slots.release(64);
        System.out.printf(
                "steady    %d messages/s for %d s: %s, failures %d%n",
                rate, seconds, percentiles(latencies), failures.get());
    }

    void inbox() throws Exception {
        measure("inbox     first page (50 of all)", "/api/v1/conversations?limit=50");
        measure("inbox     status=open", "/api/v1/conversations?limit=50&status=open");
        measure("inbox     unassigned", "/api/v1/conversations?limit=50&assignee=none");
        String second = nextCursor("/api/v1/conversations?limit=50");
        measure("inbox     second page (cursor)", "/api/v1/conversations?limit=50&cursor=" + second);
        measure(
                "search    one word (q=hyvitys)",
                "/api/v1/conversations?limit=50&q=" + URLEncoder.encode("hyvitys", StandardCharsets.UTF_8));
        measure(
                "search    two words (q=paketti myöhässä)",
                "/api/v1/conversations?limit=50&q=" + URLEncoder.encode("paketti myöhässä", StandardCharsets.UTF_8));
        measure("search    rare word (q=zzzharvinainen)", "/api/v1/conversations?limit=50&q=zzzharvinainen");
    }

    /**
     * The agent's workspace as a signed-in browser asks for it (htmx requests with a session): switching
     * between conversations (the conversation pane of a different conversation each time), the list pane of
     * 50 rows, and the views column with its counts. Timed at the client over loopback, so each figure is the
     * server's time plus the loopback round trip.
     */
    void workspace(String email, String password) throws Exception {
        fi.mokadesk.support.FormSession agent =
                new fi.mokadesk.support.FormSession(URI.create(base).getPort());
        agent.signIn(email, password);
        String list = get("/api/v1/conversations?limit=100").body();
        java.util.List<String> ids = new java.util.ArrayList<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\"").matcher(list);
        while (m.find()) ids.add(m.group(1));
        if (ids.isEmpty()) throw new IllegalStateException("no conversations to switch between");
        Map<String, String> pane = Map.of("HX-Request", "true", "HX-Target", "pane");
        int n = 300;
        long[] switching = new long[n];
        for (int i = 0; i < 20; i++) agent.get("/conversations/" + ids.get(i % ids.size()), pane);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            var page = agent.get("/conversations/" + ids.get(i % ids.size()), pane);
            switching[i] = System.nanoTime() - t0;
            if (page.status() != 200) throw new IllegalStateException("conversation pane: HTTP " + page.status());
        }
        System.out.printf("%-42s %s%n", "workspace switch conversation (pane):", percentiles(switching));
        timed(
                agent,
                "workspace list pane (50 rows):",
                "/inbox",
                Map.of("HX-Request", "true", "HX-Target", "list-pane"));
        timed(agent, "workspace views column with counts:", "/inbox/views", Map.of("HX-Request", "true"));
    }

    private static void timed(
            fi.mokadesk.support.FormSession session, String label, String path, Map<String, String> headers) {
        for (int i = 0; i < 20; i++) session.get(path, headers);
        int n = 100;
        long[] latencies = new long[n];
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            var page = session.get(path, headers);
            latencies[i] = System.nanoTime() - t0;
            if (page.status() != 200) throw new IllegalStateException(label + " HTTP " + page.status());
            bytes = page.body().getBytes(StandardCharsets.UTF_8).length;
        }
        System.out.printf("%-42s %s, %d bytes%n", label, percentiles(latencies), bytes);
    }

    /** The queries of the search targets: common, rare, absent, inflected, two and three words. */
    static final String[][] SEARCHES = {
        {"common", "hyvitys"},
        {"common", "tilaus"},
        {"common", "paketti"},
        {"common", "kiitos"},
        {"rare", "kahvikeitin"},
        {"rare", "kylpyhuonevaaka"},
        {"rare", "654321"},
        {"absent", "zzzharvinainen"},
        {"absent", "kalastusvene"},
        {"inflected", "hyvityksen"},
        {"inflected", "tilaukseni"},
        {"inflected", "paketin"},
        {"inflected", "myöhässä"},
        {"2 words", "paketti myöhässä"},
        {"2 words", "kahvi keitin"},
        {"2 words", "refund broken"},
        {"3 words", "tilaus ei saapunut"},
        {"3 words", "hyvitys rikkinäinen tuote"},
        {"3 words", "kahvi paketti hyvitys"},
    };

    void search(int repeat) throws Exception {
        measure("inbox     first page (50 of all)", "/api/v1/conversations?limit=50", repeat);
        measure("inbox     status=open", "/api/v1/conversations?limit=50&status=open", repeat);
        measure("inbox     unassigned", "/api/v1/conversations?limit=50&assignee=none", repeat);
        measure("inbox     channel=email", "/api/v1/conversations?limit=50&channel=email", repeat);
        measure("inbox     sentiment=negative", "/api/v1/conversations?limit=50&sentiment=negative", repeat);
        measure("inbox     sort=attention", "/api/v1/conversations?limit=50&sort=attention", repeat);
        String second = nextCursor("/api/v1/conversations?limit=50");
        measure("inbox     second page (cursor)", "/api/v1/conversations?limit=50&cursor=" + second, repeat);
        for (String[] q : SEARCHES) {
            measure(
                    String.format("search    %-9s q=%s", q[0], q[1]),
                    "/api/v1/conversations?limit=50&q=" + URLEncoder.encode(q[1], StandardCharsets.UTF_8),
                    repeat);
        }
        measure("search    + status=open q=hyvitys", "/api/v1/conversations?limit=50&status=open&q=hyvitys", repeat);
    }

    /**
     * Baseline in the same run: the previous search query (full-text vector per message, walking the inbox
     * newest first), straight through JDBC as the application role in the first workspace, so without the
     * HTTP and JSON work the figures above include.
     */
    void oldSearch(String url, int repeat) throws Exception {
        String sql = """
                select c.id, c.channel, c.is_public, c.status, c.priority, c.assignee_id, u.display_name, c.contact_id,
                       coalesce(k.name, k.email), c.subject, c.last_preview, c.message_count, c.last_message_at,
                       (r.read_at is null or r.read_at < c.last_inbound_at) as unread, c.tags, c.sentiment, c.category,
                       c.urgency, c.abusive
                  from conversation c
                  join contact k on k.workspace_id = c.workspace_id and k.id = c.contact_id
                  left join app_user u on u.id = c.assignee_id
                  left join conversation_read r on r.workspace_id = c.workspace_id and r.conversation_id = c.id
                                                and r.user_id = null
                 where true and exists (select 1 from message m where m.workspace_id = c.workspace_id
                                 and m.conversation_id = c.id and m.search @@ websearch_to_tsquery('finnish', ?))
                 order by c.last_message_at desc, c.id desc limit 51
                """;
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("select set_config('mokadesk.workspace', (select id::text from workspace order by created_at,"
                    + " name limit 1), false)");
            s.execute("set role mokadesk_app");
            try (PreparedStatement old = c.prepareStatement(sql)) {
                for (String[] q : SEARCHES) {
                    old.setString(1, q[1]);
                    long[] latencies = new long[repeat];
                    int found = 0;
                    for (int i = 0; i < repeat; i++) {
                        long t0 = System.nanoTime();
                        found = 0;
                        try (java.sql.ResultSet rs = old.executeQuery()) {
                            while (rs.next()) found++;
                        }
                        latencies[i] = System.nanoTime() - t0;
                    }
                    System.out.printf(
                            "%-42s %s (%d rows)%n",
                            String.format("old search %-9s q=%s:", q[0], q[1]), percentiles(latencies), found);
                }
            }
        }
    }

    private void measure(String label, String path) throws Exception {
        measure(label, path, 300);
    }

    private void measure(String label, String path, int n) throws Exception {
        for (int i = 0; i < Math.min(20, n); i++) get(path);
        long[] latencies = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(path);
            latencies[i] = System.nanoTime() - t0;
            if (r.statusCode() != 200)
                throw new IllegalStateException(label + ": HTTP " + r.statusCode() + " " + r.body());
        }
        String body = get(path).body();
        int rows = body.split("\"lastMessageAt\"", -1).length - 1;
        System.out.printf("%-42s %s (%d rows)%n", label + ":", percentiles(latencies), rows);
    }

    private String nextCursor(String path) throws Exception {
        String body = get(path).body();
        int at = body.indexOf("\"nextCursor\":\"");
        return body.substring(at + 14, body.indexOf('"', at + 14));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void send(HttpRequest request) throws Exception {
        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException("HTTP " + r.statusCode());
    }

    private HttpRequest ingest(String externalId, String thread) {
        int h = Math.abs(externalId.hashCode());
        String text = "Hei! " + WORDS[h % WORDS.length] + " " + WORDS[(h / 7) % WORDS.length] + " ja "
                + WORDS[(h / 49) % WORDS.length] + " – viesti " + externalId;
        String json = "{\"channel\":\"api\",\"externalId\":\"" + externalId + "\",\"threadKey\":\"" + thread
                + "\",\"author\":{\"name\":\"Asiakas " + (h % 1000) + "\",\"handle\":\"asiakas" + (h % 20000)
                + "\"},\"text\":\"" + text + "\",\"public\":" + (h % 3 == 0) + "}";
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/messages"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
                at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
