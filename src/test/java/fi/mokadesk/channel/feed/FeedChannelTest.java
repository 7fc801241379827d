package fi.mokadesk.channel.feed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.mokadesk.channel.OutboundAddresses;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import fi.mokadesk.workspace.Access;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Feed sources on real HTTP (WireMock) and the real database: RSS 2.0, RSS 1.0 and Atom, Google Alerts'
 * wrapped links and {@code <b>}, conditional GET, a failing server, an HTML page, a feed too big, a redirect
 * to a private address, a feed that reorders its entries, and a poll after a crash — each as an admin or
 * agent would see it: mentions in the inbox (or none) and the channel's state on the channels page.
 */
class FeedChannelTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    FeedPoller poller;

    WireMockServer site;
    TestWorkspace ws;
    Api admin;

    @BeforeEach
    void start() {
        site = new WireMockServer(options().dynamicPort());
        site.start();
        ws = workspaces.create("Kahvila Aroma Oy");
        admin = api(ws.adminToken());
        Api.Response rule = admin.postJson(
                "/api/v1/keyword-rules",
                Map.of("name", "Aroma", "terms", List.of("Kahvila Aroma"), "exclude", List.of("aromaterapia")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        site.stop();
    }

    private String url(String path) {
        return "http://localhost:" + site.port() + path;
    }

    private UUID feed(String name, String path) {
        Api.Response created = admin.postJson(
                "/api/v1/channels", Map.of("type", "feed", "name", name, "settings", Map.of("url", url(path))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("settings").get("pollMinutes").asInt()).isEqualTo(15);
        return UUID.fromString(created.json().get("id").asString());
    }

    private FeedPoller.Polled poll(UUID channel) {
        return Access.callAs(Access.system(ws.id(), "test"), () -> poller.poll(channel));
    }

    private void serve(String path, String contentType, String body) {
        site.stubFor(get(urlEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", contentType)
                        .withBody(body)));
    }

    private List<JsonNode> mentions() {
        JsonNode page =
                admin.get("/api/v1/conversations?channel=feed&limit=100").json();
        List<JsonNode> out = new ArrayList<>();
        page.get("items").forEach(out::add);
        return out;
    }

    private JsonNode channel(UUID id) {
        return admin.get("/api/v1/channels/" + id).json();
    }

    static String rss(String... items) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Keskustelupalsta</title><link>https://palsta.example.fi/</link>
                <description>Uusimmat viestit</description>
                """ + String.join("\n", items) + "</channel></rss>";
    }

    static String item(String guid, String title, String link, String description) {
        return "<item><guid isPermaLink=\"false\">" + guid + "</guid><title>" + title + "</title><link>" + link
                + "</link><description>" + description + "</description><author>maija@example.fi (Maija)</author>"
                + "<pubDate>Thu, 03 Dec 2026 10:00:00 GMT</pubDate></item>";
    }

    @Test
    void rssEntriesThatMatchARuleBecomeTaggedMentionsAndAReorderedFeedMakesNoDuplicates() {
        String first = item(
                "p-1",
                "Kävin eilen Kahvila Aromassa",
                "https://palsta.example.fi/t/1",
                "Kahvila Aromassa oli paras pulla &amp; hyvä kahvi.");
        String nearMiss =
                item("p-2", "Aromaterapiaa kaikille", "https://palsta.example.fi/t/2", "Aromaterapia rentouttaa.");
        String other = item("p-3", "Sääennuste", "https://palsta.example.fi/t/3", "Huomenna sataa.");
        serve("/rss", "application/rss+xml", rss(first, nearMiss, other));
        UUID source = feed("Palsta", "/rss");

        FeedPoller.Polled polled = poll(source);
        assertThat(polled.kind()).isEqualTo(FeedFetcher.Kind.OK);
        assertThat(polled.entries()).isEqualTo(3);
        assertThat(polled.imported()).isEqualTo(1);

        List<JsonNode> mentions = mentions();
        assertThat(mentions).hasSize(1);
        JsonNode mention = mentions.get(0);
        assertThat(mention.get("isPublic").asBoolean()).isTrue();
        assertThat(mention.get("subject").asString()).isEqualTo("Kävin eilen Kahvila Aromassa");
        assertThat(mention.get("tags").toString()).contains("aroma");
        JsonNode detail = admin.get("/api/v1/conversations/" + mention.get("id").asString())
                .json();
        JsonNode message = detail.get("messages").get(0);
        String text = message.get("text").asString();
        assertThat(text)
                .contains("Kahvila Aromassa oli paras pulla & hyvä kahvi.")
                .endsWith("https://palsta.example.fi/t/1");
        assertThat(message.get("authorName").asString()).contains("Maija");
        JsonNode extra = message.get("extra");
        assertThat(extra.get("sourceUrl").asString()).isEqualTo("https://palsta.example.fi/t/1");
        int start = extra.get("highlights").get(0).asInt();
        int end = extra.get("highlights").get(1).asInt();
        assertThat(text.substring(start, end)).isEqualTo("Kahvila Aromassa");
        assertThat(channel(source).get("status").asString()).isEqualTo("ok");

        // The feed reorders its entries and adds one: only the new matching entry comes in.
        String second = item("p-4", "Kahvila Aroma avasi uuden kahvilan", "https://palsta.example.fi/t/4", "Hienoa!");
        serve("/rss", "application/rss+xml", rss(other, second, nearMiss, first));
        assertThat(poll(source).imported()).isEqualTo(1);
        assertThat(mentions()).hasSize(2);
        assertThat(poll(source).imported()).isZero();
        assertThat(mentions()).hasSize(2);

        // The inbox filter by the rule's tag gives all mentions of the brand.
        JsonNode tagged = admin.get("/api/v1/conversations?tag=Aroma").json();
        assertThat(tagged.get("items").size()).isEqualTo(2);
    }

    @Test
    void googleAlertsLinksAreUnwrappedTheBoldAndEntitiesGoAndOneArticleUnderTwoIdsIsOneMention() {
        String wrapped = "https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://www.uutiset.example.fi/"
                + "kahvila-aroma-palkittiin%3Fref%3Dga&amp;ct=ga&amp;cd=CAIyGjk&amp;usg=AOvVaw0";
        String entry = """
                <entry>
                  <id>tag:google.com,2013:googlealerts/feed:%s</id>
                  <title type="html">&lt;b&gt;Kahvila Aroma&lt;/b&gt; palkittiin &amp;quot;vuoden kahvilana&amp;quot;</title>
                  <link href="%s"/>
                  <published>2026-12-03T08:00:00Z</published>
                  <updated>2026-12-03T08:00:00Z</updated>
                  <content type="html">Helsinkiläinen &lt;b&gt;Kahvila Aroma&lt;/b&gt; sai palkinnon&amp;nbsp;&amp;#39;vuoden kahvila&amp;#39; …</content>
                  <author><name></name></author>
                </entry>
                """;
        String atom = """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing">
                <id>tag:google.com,2005:reader/user/0001/state/com.google/alerts/0002</id>
                <title>Google-hälytys – Kahvila Aroma</title>
                <link href="https://www.google.com/alerts/feeds/0001/0002" rel="self"/>
                <updated>2026-12-03T08:00:00Z</updated>
                """ + entry.formatted("111", wrapped) + entry.formatted("222", wrapped) + "</feed>";
        serve("/alerts", "application/atom+xml", atom);
        UUID source = feed("Google Alerts", "/alerts");

        assertThat(poll(source).imported()).isEqualTo(1);
        List<JsonNode> mentions = mentions();
        assertThat(mentions).hasSize(1);
        JsonNode message = admin.get(
                        "/api/v1/conversations/" + mentions.get(0).get("id").asString())
                .json()
                .get("messages")
                .get(0);
        String text = message.get("text").asString();
        assertThat(text)
                .startsWith("Kahvila Aroma palkittiin \"vuoden kahvilana\"")
                .contains("sai palkinnon 'vuoden kahvila'")
                .doesNotContain("<b>", "&lt;", "&quot;", "&#39;", "&nbsp;", "google.com/url")
                .endsWith("https://www.uutiset.example.fi/kahvila-aroma-palkittiin?ref=ga");
        // No author in the feed: the site the article is on stands in for one.
        assertThat(message.get("authorName").asString()).isEqualTo("uutiset.example.fi");
        assertThat(message.get("extra").get("highlights").size()).isEqualTo(4);
    }

    @Test
    void rssOneAndAtomFeedsAreReadToo() {
        serve("/rdf", "application/rdf+xml", """
                <?xml version="1.0"?>
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
                  <channel rdf:about="https://blogi.example.fi/"><title>Blogi</title><link>https://blogi.example.fi/</link>
                    <description>Blogi</description>
                    <items><rdf:Seq><rdf:li rdf:resource="https://blogi.example.fi/1"/></rdf:Seq></items></channel>
                  <item rdf:about="https://blogi.example.fi/1"><title>Aamukahvilla</title>
                    <link>https://blogi.example.fi/1</link><description>Kahvila Aromalle viisi tähteä.</description></item>
                </rdf:RDF>
                """);
        serve("/atom", "application/atom+xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>Uutiset</title><id>urn:uutiset</id>
                <updated>2026-12-03T08:00:00Z</updated>
                <entry><id>urn:uutiset:1</id><title>Kahvila Aroman uusi kahvila</title>
                <link rel="alternate" href="https://uutiset.example.fi/1"/><updated>2026-12-03T08:00:00Z</updated>
                <author><name>Toimittaja Teppo</name></author><summary>Avataan ensi viikolla.</summary></entry>
                </feed>
                """);
        assertThat(poll(feed("Blogi", "/rdf")).imported()).isEqualTo(1);
        assertThat(poll(feed("Uutiset", "/atom")).imported()).isEqualTo(1);
        assertThat(mentions()).hasSize(2);
        assertThat(mentions().toString()).contains("Toimittaja Teppo");
    }

    @Test
    void anUnchangedFeedIsAskedWithItsValidatorsAndAnswered304() {
        site.stubFor(get(urlEqualTo("/cond"))
                .atPriority(5)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/rss+xml")
                        .withHeader("ETag", "\"v1\"")
                        .withHeader("Last-Modified", "Thu, 03 Dec 2026 10:00:00 GMT")
                        .withBody(rss(item("c-1", "Kahvila Aroma", "https://example.fi/c1", "Hyvää")))));
        site.stubFor(get(urlEqualTo("/cond"))
                .atPriority(1)
                .withHeader("If-None-Match", equalTo("\"v1\""))
                .willReturn(aResponse().withStatus(304)));
        UUID source = feed("Ehdollinen", "/cond");
        assertThat(poll(source).imported()).isEqualTo(1);
        FeedPoller.Polled again = poll(source);
        assertThat(again.kind()).isEqualTo(FeedFetcher.Kind.NOT_MODIFIED);
        site.verify(getRequestedFor(urlEqualTo("/cond"))
                .withHeader("If-None-Match", equalTo("\"v1\""))
                .withHeader("If-Modified-Since", equalTo("Thu, 03 Dec 2026 10:00:00 GMT")));
        assertThat(mentions()).hasSize(1);
        assertThat(channel(source).get("status").asString()).isEqualTo("ok");
    }

    @Test
    void aFailingServerPutsTheChannelInErrorWithSinceWhenBacksOffAndRecovers() {
        site.stubFor(get(urlEqualTo("/down")).willReturn(aResponse().withStatus(500)));
        UUID source = feed("Rikki", "/down");
        assertThat(poll(source).kind()).isEqualTo(FeedFetcher.Kind.HTTP);
        JsonNode broken = channel(source);
        assertThat(broken.get("status").asString()).isEqualTo("error");
        assertThat(broken.get("statusMessage").asString())
                .contains("The feed's server answered with an error")
                .contains("HTTP 500");
        assertThat(broken.get("statusSince").isNull()).isFalse();
        poll(source);
        // Two failures in a row: the next try waits four intervals (±10 %), not one.
        OffsetDateTime next = workspaces
                .owner()
                .sql("select next_poll_at from feed_source where channel_id = ?")
                .param(source)
                .query(OffsetDateTime.class)
                .single();
        assertThat(next).isAfter(OffsetDateTime.now().plusMinutes(50));
        assertThat(channel(source).get("statusSince").asString())
                .isEqualTo(broken.get("statusSince").asString());
        // The periodic health check repeats the poll's verdict rather than clearing it.
        assertThat(new FeedChannel(new OutboundAddresses(true), workspaces.owner())
                        .health(source, Map.of())
                        .status())
                .isEqualTo("error");

        serve("/down", "application/rss+xml", rss(item("d-1", "Kahvila Aroma", "https://example.fi/d1", "Taas auki")));
        assertThat(poll(source).imported()).isEqualTo(1);
        assertThat(channel(source).get("status").asString()).isEqualTo("ok");
    }

    @Test
    void anHtmlPageInsteadOfAFeedIsSaidToBeNoFeed() {
        serve(
                "/page",
                "text/html",
                "<!DOCTYPE html><html><head><title>Kahvila Aroma</title></head><body><p>Kahvila Aroma"
                        + "<br>tervetuloa</body></html>");
        UUID source = feed("Kotisivu", "/page");
        assertThat(poll(source).kind()).isEqualTo(FeedFetcher.Kind.NOT_FEED);
        assertThat(channel(source).get("statusMessage").asString())
                .contains("The address does not give an RSS or Atom feed");
        assertThat(mentions()).isEmpty();
    }

    @Test
    void aTwentyMegabyteFeedIsRefusedAsTooBig() {
        StringBuilder big = new StringBuilder(21 * 1024 * 1024);
        String one = item("b", "Kahvila Aroma", "https://example.fi/b", "x".repeat(1000));
        int i = 0;
        while (big.length() < 20 * 1024 * 1024)
            big.append(one.replace("<guid isPermaLink=\"false\">b", "<guid isPermaLink=\"false\">b" + i++));
        serve("/big", "application/rss+xml", rss(big.toString()));
        UUID source = feed("Iso", "/big");
        assertThat(poll(source).kind()).isEqualTo(FeedFetcher.Kind.TOO_BIG);
        assertThat(channel(source).get("statusMessage").asString()).contains("The feed is too big");
        assertThat(mentions()).isEmpty();
    }

    /**
     * The installed policy (MOKADESK_ALLOW_PRIVATE_URLS unset), except that this test's own site on 127.0.0.1
     * stands for a public server: a redirect from it to {@code localhost} or the cloud metadata address is
     * refused before any connection is made.
     */
    @Test
    void aRedirectToAPrivateAddressIsRefusedAndNeverFollowed() throws Exception {
        OutboundAddresses installed = new OutboundAddresses(false) {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                if (host.equals("127.0.0.1")) return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
                return super.resolve(host);
            }
        };
        site.stubFor(get(urlEqualTo("/hop"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "http://localhost:" + site.port() + "/inside")));
        site.stubFor(get(urlEqualTo("/meta"))
                .willReturn(aResponse()
                        .withStatus(301)
                        .withHeader("Location", "http://169.254.169.254/latest/meta-data/")));
        serve("/inside", "application/rss+xml", rss());
        try (FeedFetcher fetcher = new FeedFetcher(installed, 5 * 1024 * 1024, Duration.ofSeconds(5))) {
            FeedFetcher.Fetched hop = fetcher.fetch("http://127.0.0.1:" + site.port() + "/hop", null, null);
            assertThat(hop.kind()).isEqualTo(FeedFetcher.Kind.REFUSED);
            assertThat(hop.detail()).contains("loopback");
            FeedFetcher.Fetched meta = fetcher.fetch("http://127.0.0.1:" + site.port() + "/meta", null, null);
            assertThat(meta.kind()).isEqualTo(FeedFetcher.Kind.REFUSED);
            assertThat(meta.detail()).contains("link-local");
        }
        site.verify(0, getRequestedFor(urlEqualTo("/inside")));
        assertThat(FeedErrors.message(FeedFetcher.Kind.REFUSED, "x")).startsWith("Osoite ei ole sallittu");
    }

    @Test
    void anEntryStoredJustBeforeACrashIsNotImportedAgain() {
        serve(
                "/crash",
                "application/rss+xml",
                rss(item("k-1", "Kahvila Aroma", "https://example.fi/k1", "Ennen kaatumista")));
        UUID source = feed("Kaatuva", "/crash");
        assertThat(poll(source).imported()).isEqualTo(1);
        // As if the desk died after the message was stored and before the entry was recorded.
        workspaces
                .owner()
                .sql("delete from feed_entry where channel_id = ?")
                .param(source)
                .update();
        workspaces
                .owner()
                .sql("update feed_source set etag = null, last_modified = null where channel_id = ?")
                .param(source)
                .update();
        assertThat(poll(source).imported()).isZero();
        assertThat(mentions()).hasSize(1);
        int recorded = workspaces
                .owner()
                .sql("select count(*) from feed_entry where channel_id = ?")
                .param(source)
                .query(Integer.class)
                .single();
        assertThat(recorded).isEqualTo(1);
    }

    @Test
    void badFeedSettingsAreRefusedWithTheFieldNamed() {
        Api.Response noUrl = admin.postJson(
                "/api/v1/channels", Map.of("type", "feed", "name", "Tyhjä", "settings", Map.of("pollMinutes", 5)));
        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(noUrl.json().get("field").asString()).isEqualTo("settings.url");
        Api.Response ftp = admin.postJson(
                "/api/v1/channels",
                Map.of("type", "feed", "name", "FTP", "settings", Map.of("url", "ftp://example.fi/x")));
        assertThat(ftp.status()).isEqualTo(400);
        Api.Response minutes = admin.postJson(
                "/api/v1/channels",
                Map.of("type", "feed", "name", "Liian usein", "settings", Map.of("url", url("/x"), "pollMinutes", 0)));
        assertThat(minutes.status()).isEqualTo(400);
        assertThat(minutes.json().get("field").asString()).isEqualTo("settings.pollMinutes");
    }
}
