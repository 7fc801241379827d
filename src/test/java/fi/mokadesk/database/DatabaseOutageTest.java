package fi.mokadesk.database;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The database goes away under a running desk — its server process killed, or stopped by hand — and comes
 * back by itself. Meanwhile every kind of request answers {@code 503} with {@code Retry-After} within two
 * seconds (never a {@code 500}, never a hang), health says DOWN within a second, and afterwards the desk
 * works again without anyone touching it. The test stops the embedded server of its own JVM only, and
 * leaves it running for the tests after it.
 */
class DatabaseOutageTest extends DeskTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    OwnerDataSource owner;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestWorkspace ws;
    private Path dataDirectory;

    @BeforeEach
    void desk() {
        ws = workspaces.create("Katkos Oy");
        dataDirectory = Path.of(JdbcClient.create(owner)
                .sql("select current_setting('data_directory')")
                .query(String.class)
                .single());
    }

    @AfterEach
    void databaseIsBack() throws Exception {
        waitForHealth(200, Duration.ofSeconds(60)); // whatever happened, later tests get their database
        // ... through every pool of the JVM: other cached test contexts met the outage in their background jobs
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (TenantDataSource pool : TenantDataSource.all()) {
            if (!(pool.getTargetDataSource() instanceof com.zaxxer.hikari.HikariDataSource hikari)
                    || !hikari.getJdbcUrl().equals(owner.url())) continue; // another test's database
            while (true) {
                try (var connection = pool.getConnection()) {
                    break;
                } catch (java.sql.SQLException stillAway) {
                    assertThat(System.nanoTime()).as("a pool reconnects").isLessThan(deadline);
                    Thread.sleep(200);
                }
            }
        }
    }

    @Test
    void aKilledDatabaseAnswers503FastAndTheWatchdogBringsItBack() throws Exception {
        outage(Stop.KILL);
    }

    @Test
    void aDatabaseStoppedByHandAnswers503FastAndTheWatchdogBringsItBack() throws Exception {
        outage(Stop.FAST_SHUTDOWN);
    }

    private enum Stop {
        KILL,
        FAST_SHUTDOWN
    }

    private void outage(Stop how) throws Exception {
        String before = "before-" + how;
        String during = "during-" + how;
        HttpResponse<String> stored = ingest(ws.agentToken(), before);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        HttpClient signedIn = signIn(ws.adminEmail());
        assertThat(send(signedIn, get("/inbox")).statusCode()).isEqualTo(200);

        try (AutoCloseable hold = EmbeddedDatabaseWatchdog.holdRestarts()) {
            // The admin token is used for the first time now, so the desk remembers it for a few seconds:
            // ingest right after the stop passes the token check and reaches the writer, which cannot store.
            assertThat(apiGet(ws.adminToken(), "/api/v1/conversations").statusCode())
                    .isEqualTo(200);
            stopDatabase(how);

            HttpResponse<String> refused = timed(2_000, () -> ingest(ws.adminToken(), during));
            assertUnavailable(refused);
            assertThat(json(refused).get("message").asString())
                    .contains("may have been stored")
                    .contains("retry with the same externalId");

            for (int round = 0; round < 2; round++) {
                assertUnavailable(timed(2_000, () -> apiGet(ws.agentToken(), "/api/v1/conversations")));
                // a token not seen before must be looked up: the token check itself meets the outage
                assertUnavailable(timed(2_000, () -> apiGet(ws.viewerToken(), "/api/v1/conversations")));
                String stranger = "not-a-token-" + round;
                assertUnavailable(timed(2_000, () -> apiGet(stranger, "/api/v1/conversations")));
                assertUnavailable(timed(2_000, () -> apiGet(ws.viewerToken(), "/actuator/prometheus")));

                HttpResponse<String> page = timed(2_000, () -> send(signedIn, get("/inbox")));
                assertThat(page.statusCode()).as(page.body()).isEqualTo(503);
                assertThat(page.headers().firstValue("Retry-After")).isPresent();
                assertThat(page.body()).contains("ei juuri nyt tavoita tietokantaansa");

                HttpResponse<String> health = timed(1_000, () -> send(http, get("/actuator/health")));
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(json(health).get("status").asString()).isEqualTo("DOWN");
            }

            HttpResponse<String> signInAttempt = timed(2_000, () -> postSignIn(newBrowser(), ws.agentEmail()));
            assertThat(signInAttempt.statusCode())
                    .as("a failed database is not a wrong password")
                    .isEqualTo(503);
        }

        // Nobody restarts anything: the watchdog does, and the desk finds its database again.
        waitForHealth(200, Duration.ofSeconds(60));
        HttpResponse<String> list = apiGet(ws.agentToken(), "/api/v1/conversations");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(send(signedIn, get("/inbox")).statusCode()).isEqualTo(200);

        // The client retries as told, with the same externalId: stored exactly once.
        HttpResponse<String> retried = ingest(ws.agentToken(), during);
        assertThat(retried.statusCode()).as(retried.body()).isIn(200, 201);
        HttpResponse<String> again = ingest(ws.agentToken(), during);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("messageId").asString())
                .isEqualTo(json(retried).get("messageId").asString());
        String conversation = json(retried).get("conversationId").asString();
        JsonNode messages = json(apiGet(ws.agentToken(), "/api/v1/conversations/" + conversation))
                .get("messages");
        assertThat(messages.toString()).contains("Viesti " + during);

        // What was acknowledged before the outage is still there.
        HttpResponse<String> old = ingest(ws.agentToken(), before);
        assertThat(old.statusCode())
                .as("acknowledged before the outage: " + old.body())
                .isEqualTo(200);
        assertThat(json(old).get("messageId").asString())
                .isEqualTo(json(stored).get("messageId").asString());
    }

    /** Stops the embedded server of this JVM's own data directory, and waits until its process is gone. */
    private void stopDatabase(Stop how) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                .get(0)
                .trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        assertThat(postmaster.info().command().orElse("postgres")).contains("postgres");
        switch (how) {
            case KILL -> postmaster.destroyForcibly(); // SIGKILL
            case FAST_SHUTDOWN -> // what pg_ctl stop -m fast sends
                new ProcessBuilder("kill", "-INT", Long.toString(pid))
                        .inheritIO()
                        .start()
                        .waitFor();
        }
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        assertThat(EmbeddedDatabaseWatchdog.serverRunning(dataDirectory)).isFalse();
    }

    private void waitForHealth(int status, Duration within) throws Exception {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = send(http, get("/actuator/health")).statusCode();
            if (last == status) {
                System.out.printf(
                        "outage: health %d after %d ms%n",
                        status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                return;
            }
            Thread.sleep(200);
        }
        assertThat(last).as("health within " + within).isEqualTo(status);
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(json(response).get("error").asString()).isIn("unavailable", "try_again");
    }

    private interface Call {
        HttpResponse<String> run() throws Exception;
    }

    /** The answer must come within {@code millis}: an outage is reported, not waited out. */
    private static HttpResponse<String> timed(long millis, Call call) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = call.run();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf(
                "outage: %s %s -> %d in %d ms%n",
                response.request().method(), response.uri().getPath(), response.statusCode(), took);
        assertThat(took)
                .as(
                        "%s %s answered %d after %d ms",
                        response.request().method(), response.uri(), response.statusCode(), took)
                .isLessThan(millis);
        return response;
    }

    private HttpResponse<String> ingest(String token, String externalId) {
        return send(
                http,
                request("/api/v1/messages")
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"externalId\":\"" + externalId + "\",\"text\":\"Viesti " + externalId + "\"}")));
    }

    private HttpResponse<String> apiGet(String token, String path) {
        return send(http, get(path).header("Authorization", "Bearer " + token));
    }

    private HttpClient newBrowser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private HttpClient signIn(String email) {
        HttpClient browser = newBrowser();
        HttpResponse<String> response = postSignIn(browser, email);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/inbox");
        return browser;
    }

    private HttpResponse<String> postSignIn(HttpClient browser, String email) {
        String login = send(browser, get("/login")).body();
        Matcher csrf = CSRF.matcher(login);
        assertThat(csrf.find()).as("sign-in form has a CSRF token").isTrue();
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(TestWorkspaces.PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        return send(
                browser,
                request("/login")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpRequest.Builder get(String path) {
        return request(path)
                .header("Accept", "text/html,application/json;q=0.9")
                .GET();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Api.JSON.readTree(response.body());
    }
}
