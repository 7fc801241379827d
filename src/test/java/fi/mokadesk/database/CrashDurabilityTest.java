package fi.mokadesk.database;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.ChildDesk;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault test: nothing acknowledged is lost. Senders that retry until they get an answer flood the desk;
 * mid-flood the desk's JVM and its PostgreSQL (every process of it) are killed with {@code kill -9}. After a
 * restart on the same data directory every message that had been answered {@code 201} or {@code 200} is
 * there: sending it again is answered as a re-delivery ({@code 200}), never stored anew ({@code 201}).
 */
@Tag("fault")
class CrashDurabilityTest {

    private static final Duration START = Duration.ofSeconds(120);
    private static final int SENDERS = 4;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedMessageSurvivesKillMinus9OfTheDeskAndItsDatabaseUnderLoad() throws Exception {
        Path data = tmp.resolve("data");
        int databasePort = ChildDesk.freePort();
        Map<String, String> env = Map.of("MOKADESK_DB_PORT", Integer.toString(databasePort));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();

        ChildDesk desk = ChildDesk.start(data, env).awaitReady(START);
        try {
            assertThat(settings(
                            databasePort,
                            "fsync",
                            "synchronous_commit",
                            "full_page_writes",
                            "checkpoint_timeout",
                            "max_wal_size"))
                    .containsExactly("on", "on", "on", "15min", "8GB");

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                senders.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String id = "crash-" + sender + "-" + n;
                        // Retry the same message until it is answered or the test stops sending.
                        while (!stop.get()) {
                            int status = send(http, desk.base(), id);
                            if (status == 201 || status == 200) {
                                acknowledged.add(id);
                                break;
                            }
                            if (status >= 400 && status < 500 && status != 429) refused.add(id + " " + status);
                            pause(50);
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.size() < 400 && System.nanoTime() < deadline) pause(20);

            desk.killDeskAndDatabase();
            assertThat(desk.process().isAlive()).isFalse();
            assertThat(desk.postmaster()).isEmpty();
            stop.set(true);
            senders.shutdown();
            assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            desk.close();
        }
        assertThat(refused).isEmpty();
        assertThat(acknowledged).hasSizeGreaterThan(100);

        try (ChildDesk restarted = ChildDesk.start(data, env).awaitReady(START)) {
            assertThat(restarted.output()).contains("was not shut down cleanly last time");
            List<String> lost = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            List<String> ids = new ArrayList<>(acknowledged);
            ExecutorService checkers = Executors.newFixedThreadPool(SENDERS);
            List<java.util.concurrent.Future<List<String>>> parts = new ArrayList<>();
            for (int c = 0; c < SENDERS; c++) {
                int part = c;
                parts.add(checkers.submit(() -> {
                    List<String> missing = new ArrayList<>();
                    for (int i = part; i < ids.size(); i += SENDERS) {
                        if (send(http, restarted.base(), ids.get(i)) != 200) missing.add(ids.get(i));
                    }
                    return missing;
                }));
            }
            for (var part : parts) lost.addAll(part.get(120, TimeUnit.SECONDS));
            checkers.shutdown();
            assertThat(lost)
                    .as("acknowledged before the kill, missing after the restart (of %d)", ids.size())
                    .isEmpty();
        }
    }

    private static int send(HttpClient http, String base, String externalId) {
        String body = "{\"channel\":\"api\",\"externalId\":\"" + externalId + "\",\"author\":{\"handle\":\"@"
                + externalId + "\"},\"text\":\"Tilaus " + externalId + " ei ole vieläkään tullut perille.\"}";
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/v1/messages"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + ChildDesk.TOKEN)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1; // refused or cut off: the sender tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<String> settings(int port, String... names) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres");
                Statement s = c.createStatement()) {
            for (String name : names) {
                try (ResultSet r = s.executeQuery("show " + name)) {
                    r.next();
                    values.add(r.getString(1));
                }
            }
        }
        return values;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
