package fi.mokadesk.channel.feed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Polling {@code -Dsources} (default 1,000) feed sources served by WireMock (same JVM) while the inbox is
 * asked five times a second: the inbox's latency with nothing polled (the baseline of the same run), the time for a full round, the mentions made, and the inbox's latency during the
 * round; then a second round in which every source answers 304. Not part of the test run (surefire skips
 * *Benchmark*); run it with
 * {@code ./mvnw -o test -Dtest=FeedPollingBenchmark -Dspotless.check.skip=true -Dsources=1000}.
 */
class FeedPollingBenchmark extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    FeedPoller poller;

    @Test
    void pollOneThousandSourcesWhileTheInboxIsUsed() throws Exception {
        int sources = Integer.getInteger("sources", 1000);
        WireMockServer site = new WireMockServer(options().dynamicPort().containerThreads(64));
        site.start();
        try {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String title = i % 10 == 0 ? "Kävin Kahvila Aromassa, numero " + i : "Tavallinen kirjoitus " + i;
                items.add(FeedChannelTest.item(
                        "e-" + i, title, "https://palsta.example.fi/t/" + i, "Teksti " + "sana ".repeat(100)));
            }
            String body = FeedChannelTest.rss(items.toArray(String[]::new));
            site.stubFor(get(urlPathMatching("/feed/.*"))
                    .atPriority(5)
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/rss+xml")
                            .withHeader("ETag", "\"b1\"")
                            .withBody(body)));
            site.stubFor(get(urlPathMatching("/feed/.*"))
                    .atPriority(1)
                    .withHeader("If-None-Match", equalTo("\"b1\""))
                    .willReturn(aResponse().withStatus(304)));

            TestWorkspace ws = workspaces.create("Syötekuorma Oy");
            Api admin = api(ws.adminToken());
            assertThat(admin.postJson(
                                    "/api/v1/keyword-rules", Map.of("name", "Aroma", "terms", List.of("Kahvila Aroma")))
                            .status())
                    .isEqualTo(201);
            for (int i = 0; i < 200; i++) {
                admin.postJson("/api/v1/messages", Map.of("externalId", "b-" + i, "text", "Hei, tilaus " + i));
            }
            for (int i = 0; i < sources; i++) {
                Api.Response r = admin.postJson(
                        "/api/v1/channels",
                        Map.of(
                                "type",
                                "feed",
                                "name",
                                "Lähde " + i,
                                "settings",
                                Map.of("url", "http://localhost:" + site.port() + "/feed/" + i)));
                assertThat(r.status()).isEqualTo(201);
            }

            // Baseline of the same run: the inbox asked the same way for 15 s with nothing being polled.
            Round quiet = measure(admin, () -> {
                Thread.sleep(15_000);
                return 0;
            });
            Round first = round(admin);
            workspaces
                    .owner()
                    .sql("update feed_source set next_poll_at = now() where workspace_id = ?")
                    .param(ws.id())
                    .update();
            Round second = round(admin);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.printf(
                    "FEED POLL: %d sources; inbox with nothing polled p50 %d ms, p95 %d ms (%d requests);"
                            + " full read %.1f s (%d mentions), inbox p50 %d ms, p95 %d ms (%d requests);"
                            + " all-304 round %.1f s, inbox p50 %d ms, p95 %d ms (%d requests); load average %.1f%n",
                    sources,
                    quiet.p50(),
                    quiet.p95(),
                    quiet.requests(),
                    first.seconds(),
                    first.mentions(),
                    first.p50(),
                    first.p95(),
                    first.requests(),
                    second.seconds(),
                    second.p50(),
                    second.p95(),
                    second.requests(),
                    load);
            assertThat(first.mentions()).isEqualTo(sources * 2);
        } finally {
            site.stop();
        }
    }

    record Round(double seconds, int mentions, long p50, long p95, int requests) {}

    interface Work {
        int run() throws InterruptedException;
    }

    /** Polls every due source until none is due, while the inbox is asked. */
    private Round round(Api admin) throws InterruptedException {
        return measure(admin, () -> {
            int mentions = 0;
            while (true) {
                mentions += poller.pollDue();
                boolean anyDue = !workspaces
                        .owner()
                        .sql("select 1 from feed_sources_due(1)")
                        .query(Integer.class)
                        .list()
                        .isEmpty();
                if (!anyDue) return mentions;
            }
        });
    }

    /** Runs {@code work} while a reader asks for the inbox's first page five times a second. */
    private Round measure(Api admin, Work work) throws InterruptedException {
        List<Long> inbox = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (running.get()) {
                long t = System.nanoTime();
                admin.get("/api/v1/conversations?limit=50");
                synchronized (inbox) {
                    inbox.add((System.nanoTime() - t) / 1_000_000);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        reader.start();
        long start = System.nanoTime();
        int mentions = work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        reader.join();
        List<Long> sorted;
        synchronized (inbox) {
            sorted = inbox.stream().sorted().toList();
        }
        return new Round(
                seconds,
                mentions,
                sorted.get(sorted.size() / 2),
                sorted.get((int) (sorted.size() * 0.95)),
                sorted.size());
    }
}
