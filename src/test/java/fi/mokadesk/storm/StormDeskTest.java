package fi.mokadesk.storm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fi.mokadesk.channel.Deliveries;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import fi.mokadesk.workspace.Access;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.JsonNode;

/**
 * A storm as the desk lives it: a quiet afternoon of messages through the ingest API, then a burst of angry
 * ones; counts flushed and buckets closed on demand (no waiting for real 5-minute buckets).
 */
class StormDeskTest extends DeskTest {

    /** Friendly everyday messages: whatever the analysis says of tone, these are not negative. */
    static final String[] QUIET = {
        "Kiitos eilisestä, tosi hyvä palvelu!",
        "Ihana kahvila, kiitos ystävällisestä palvelusta!",
        "Paras korvapuusti ikinä, kiitos!",
        "Kiitos nopeasta avusta, olette huippuja ❤️",
        "Todella hyvää kahvia ja mukava henkilökunta, kiitos!",
        "Kiitos, tilaus tuli ajallaan ja kaikki oli kunnossa",
        "Thanks, lovely coffee and friendly staff!",
        "Kiva uusi kauramaitolatte, kiitos!",
        "Kiitos kun korjasitte asian niin nopeasti!",
        "Mahtava palvelu Kalliossa, kiitos!"
    };

    static final String[] ANGRY = {
        "Kahvissa oli lasinsiru! Ihan järkyttävää, kahvila Kuppi vastaa tästä",
        "Lasinsiru kahvissa, ei ikinä enää Kuppiin",
        "Näittekö videon lasinsirusta kahvissa? Kuppi pimittää asian",
        "Lasinsiru kahvikupissa, miten tämä on mahdollista Kuppi",
        "Boikotoin Kuppia, lasinsiru kahvissa on vaarallista"
    };

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    StormCounter counter;

    @Autowired
    StormWatch watch;

    @Autowired
    Deliveries deliveries;

    @Autowired
    Storms storms;

    @Autowired
    ApplicationEventPublisher events;

    WireMockServer chat;

    @BeforeEach
    void start() {
        chat = new WireMockServer(options().dynamicPort());
        chat.start();
        chat.stubFor(post(urlEqualTo("/chat/storms")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        chat.stop();
    }

    record Sent(UUID messageId, UUID conversationId) {}

    @Test
    void aBurstOfAngryMessagesOpensOneStormPerStormingSeriesThatLeadsAndAgentsHearOf() {
        TestWorkspace ws = workspaces.create("Kahvila Kuppi " + UUID.randomUUID());
        TestWorkspace other = workspaces.create("Muu Oy " + UUID.randomUUID());
        Access.runAs(
                Access.system(ws.id(), "test"), () -> storms.updateSettings(chat.baseUrl() + "/chat/storms", true));
        Api agent = api(ws.agentToken());
        Api otherAgent = api(other.agentToken());

        Instant now = Instant.now();
        Instant burst = watch.lastClosedBucket(now);
        int[] negativePattern = {1, 0, 2, 1, 0, 1, 1, 2, 0, 1, 0, 1};
        int quietBuckets = 36; // three quiet hours before the burst
        int n = 0;
        for (int b = quietBuckets; b >= 1; b--) {
            Instant bucket = burst.minus(StormWatch.BUCKET.multipliedBy(b));
            int negatives = negativePattern[b % negativePattern.length];
            for (int i = 0; i < 5; i++) {
                Instant at = bucket.plusSeconds(10 + 50L * i);
                boolean negative = i < negatives;
                String text = negative ? "Kahvi oli tänään kylmää ja pahaa" : QUIET[(b + i) % QUIET.length];
                ingest(agent, "q-" + n, "asiakas-" + (n % 23), text, at);
                n++;
            }
            if (b % 8 == 0) ingest(otherAgent, "o-" + n, "toinen-" + b, "Hei, onko tilaus lähtenyt?", bucket);
        }
        // the burst: five ordinary messages and 25 angry ones in a few threads, within one bucket
        for (int i = 0; i < 5; i++) {
            ingest(agent, "bq-" + i, "asiakas-" + i, QUIET[i], burst.plusSeconds(5 + 20L * i));
        }
        for (int i = 0; i < 25; i++) {
            Instant at = burst.plusSeconds(10 + 10L * i);
            String thread = i < 12 ? "video-1" : i < 20 ? "video-2" : "video-" + i;
            ingest(agent, "angry-" + i, thread, ANGRY[i % ANGRY.length], at);
        }
        // The analysis labels every message right after ingest; the negative series counts its verdicts.
        long sentToWs = n + 5 + 25;
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> workspaces
                                .owner()
                                .sql("select count(*) from message_analysis where workspace_id = ?")
                                .param(ws.id())
                                .query(Long.class)
                                .single()
                        == sentToWs);
        long negativeInBurst = workspaces
                .owner()
                .sql("""
                    select count(*) from message_analysis a join message m on m.workspace_id = a.workspace_id and m.id = a.message_id
                     where a.workspace_id = ? and a.sentiment = 'negative' and m.received_at >= ? and m.received_at < ?
                    """)
                .params(ws.id(), java.sql.Timestamp.from(burst), java.sql.Timestamp.from(burst.plus(StormWatch.BUCKET)))
                .query(Long.class)
                .single();
        assertThat(negativeInBurst)
                .as("angry messages the analysis found negative")
                .isGreaterThanOrEqualTo(20);

        assertThat(counter.flush()).isPositive();
        watch.detect(now);
        watch.detect(now.plusSeconds(1)); // again, as another node would: nothing new

        // one storm per series that stormed: negative mentions 20x their usual, and all mentions (and the
        // x channel, where they all came from) 6x theirs; each series raises exactly one alarm
        JsonNode list = agent.get("/api/v1/storms").json().get("storms");
        List<String> stormed = new ArrayList<>();
        list.forEach(s -> stormed.add(s.get("series").asString()));
        assertThat(stormed).containsExactlyInAnyOrder("negative", "all", "channel:x");
        JsonNode storm = null;
        for (JsonNode s : list) if (s.get("series").asString().equals("negative")) storm = s;
        assertThat(storm.get("series").asString()).isEqualTo("negative");
        assertThat(storm.get("state").asString()).isEqualTo("open");
        assertThat(Instant.parse(storm.get("onset").asString())).isEqualTo(burst);
        assertThat(storm.get("observed").asLong()).isEqualTo(negativeInBurst);
        assertThat(storm.get("magnitude").asDouble()).isBetween(10.0, 60.0);
        // raised at the workspace's sensitivity (normal), kept with the storm for evaluating the marks
        assertThat(storm.get("falseAlarmsPerWeek").asDouble()).isEqualTo(1.25);
        List<String> terms = new ArrayList<>();
        storm.get("topTerms").forEach(t -> terms.add(t.get("term").asString()));
        assertThat(terms).contains("lasinsiru", "kahvissa");
        JsonNode busiest = storm.get("conversations").get(0);
        assertThat(busiest.get("messages").asInt()).isEqualTo(12);

        // the series with its expectation and band, for the chart
        JsonNode series =
                agent.get("/api/v1/storms/series?series=negative&hours=6").json();
        JsonNode points = series.get("points");
        assertThat(points.size()).isEqualTo(quietBuckets + 1);
        JsonNode last = points.get(points.size() - 1);
        assertThat(last.get("count").asLong()).isEqualTo(negativeInBurst);
        assertThat(last.get("upperBand").asDouble())
                .isLessThan(negativeInBurst)
                .isGreaterThan(last.get("expected").asDouble());
        assertThat(series.get("storms")).hasSize(1);
        assertThat(agent.get("/api/v1/storms/series?series=negative&hours=0").status())
                .isEqualTo(400);

        // documented in the OpenAPI description
        Api.Response docs = api(null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/storms/series");

        // every page's banner shows it
        String banner = page(ws.agentEmail(), ws.password(), "/storms/banner");
        assertThat(banner).contains("Somemyrsky: negatiivisia mainintoja").contains("storm-banner");
        assertThat(banner)
                .contains("href=\"/storms?series=negative#storm-"
                        + storm.get("id").asString() + "\"");
        String page = page(ws.agentEmail(), ws.password(), "/storms?series=negative");
        assertThat(page).contains("storm-chart").contains("lasinsiru");

        // one chat message per storm, sent by the outbox after the detection transaction
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(chat.findAll(postRequestedFor(urlEqualTo("/chat/storms"))))
                        .hasSize(3));
        List<LoggedRequest> posts = chat.findAll(postRequestedFor(urlEqualTo("/chat/storms")));
        assertThat(posts).hasSize(3);
        List<String> texts = new ArrayList<>();
        for (LoggedRequest post : posts)
            texts.add(Api.JSON.readTree(post.getBodyAsString()).get("text").asString());
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("Somemyrsky: negatiivisia mainintoja"));
        deliveries.dispatchDue();
        assertThat(chat.findAll(postRequestedFor(urlEqualTo("/chat/storms")))).hasSize(3);

        // audited, in this workspace only
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from audit_entry where workspace_id = ? and action = 'storm.detected'")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(3);

        // the other workspace saw nothing of it
        assertThat(otherAgent.get("/api/v1/storms").json().get("storms")).isEmpty();
        assertThat(otherAgent
                        .get("/api/v1/storms/series?series=negative&hours=6")
                        .json()
                        .get("points"))
                .isEmpty();
        assertThat(page(other.agentEmail(), other.password(), "/storms/banner")).doesNotContain("Somemyrsky");

        // two quiet hours later the storm has ended: still one storm, no new notification, no banner
        watch.detect(now.plus(Duration.ofHours(2)));
        JsonNode after = agent.get("/api/v1/storms").json().get("storms");
        assertThat(after).hasSize(3);
        for (JsonNode ended : after) {
            assertThat(ended.get("state").asString()).isEqualTo("ended");
            assertThat(Instant.parse(ended.get("endedAt").asString())).isAfter(burst);
        }
        assertThat(page(ws.agentEmail(), ws.password(), "/storms/banner")).doesNotContain("Somemyrsky");
        deliveries.dispatchDue();
        assertThat(chat.findAll(postRequestedFor(urlEqualTo("/chat/storms")))).hasSize(3);
    }

    private Sent ingest(Api api, String externalId, String thread, String text, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "x");
        body.put("externalId", externalId);
        body.put("threadKey", thread);
        body.put("author", Map.of("handle", "@" + thread));
        body.put("text", text);
        body.put("isPublic", true);
        body.put("receivedAt", at.toString());
        Api.Response r = api.postJson("/api/v1/messages", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new Sent(
                UUID.fromString(r.json().get("messageId").asString()),
                UUID.fromString(r.json().get("conversationId").asString()));
    }

    /** A page as a signed-in person sees it. */
    private String page(String email, String password, String path) {
        return signedInPage(port, email, password, path);
    }

    /** A page as a signed-in person sees it (real HTTP, session cookie, CSRF-protected login). */
    static String signedInPage(int port, String email, String password, String path) {
        try {
            HttpClient http = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            String base = "http://localhost:" + port;
            String login = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
            assertThat(csrf.find()).as("login form has a CSRF token").isTrue();
            String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
