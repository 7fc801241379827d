package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.kernel.MessageAnalyzed;
import fi.mokadesk.listening.KeywordMentioned;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Mentions found by a keyword rule are counted in a series of the rule's own, the negative ones in a second,
 * and an alarm names the rule.
 */
class KeywordStormSeriesTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    StormCounter counter;

    @Autowired
    StormTexts texts;

    @Test
    void eachRuleHasItsOwnSeriesNamedAfterIt() {
        TestWorkspace ws = workspaces.create("Sarja Oy");
        for (int i = 0; i < 3; i++) {
            events.publishEvent(new KeywordMentioned(
                    ws.id(), UUID.randomUUID(), UUID.randomUUID(), List.of("Aroma", "Kuppi"), Instant.now()));
        }
        events.publishEvent(
                new KeywordMentioned(ws.id(), UUID.randomUUID(), UUID.randomUUID(), List.of("Kuppi"), Instant.now()));
        counter.flush();
        assertThat(count(ws, "rule:Aroma")).isEqualTo(3);
        assertThat(count(ws, "rule:Kuppi")).isEqualTo(4);
        assertThat(texts.series("rule:Aroma", Locale.ENGLISH)).isEqualTo("mentions by rule Aroma");
        assertThat(texts.series("rule:Aroma", Locale.forLanguageTag("fi"))).isEqualTo("mainintoja säännöllä Aroma");
    }

    /** The counter's two halves in either order (called directly: a made-up analysis has no message to label). */
    @Test
    void aRulesNegativeMentionsHaveASeriesOfTheirOwn() {
        TestWorkspace ws = workspaces.create("Sävy Oy");
        UUID rulesFirst = UUID.randomUUID();
        UUID analysisFirst = UUID.randomUUID();
        UUID neutral = UUID.randomUUID();
        counter.on(new KeywordMentioned(ws.id(), UUID.randomUUID(), rulesFirst, List.of("Aroma"), Instant.now()));
        counter.on(analyzed(ws, rulesFirst, "negative"));
        counter.on(analyzed(ws, analysisFirst, "negative"));
        counter.on(new KeywordMentioned(
                ws.id(), UUID.randomUUID(), analysisFirst, List.of("Aroma", "Kuppi"), Instant.now()));
        counter.on(new KeywordMentioned(ws.id(), UUID.randomUUID(), neutral, List.of("Aroma"), Instant.now()));
        counter.on(analyzed(ws, neutral, "neutral"));
        counter.flush();
        assertThat(count(ws, "rule:Aroma")).isEqualTo(3);
        assertThat(count(ws, "rule-negative:Aroma")).isEqualTo(2);
        assertThat(count(ws, "rule-negative:Kuppi")).isEqualTo(1);
        assertThat(count(ws, "negative")).isEqualTo(2);
        assertThat(texts.series("rule-negative:Aroma", Locale.ENGLISH)).isEqualTo("negative mentions by rule Aroma");
        assertThat(texts.series("rule-negative:Aroma", Locale.forLanguageTag("fi")))
                .isEqualTo("negatiivisia mainintoja säännöllä Aroma");
    }

    /** The whole way: a rule, a customer's angry message and a kind one through the API and the analysis. */
    @Test
    void anAngryMessageMentioningTheBrandCountsInTheRulesNegativeSeries() {
        TestWorkspace ws = workspaces.create("Kahvila Aroma Oy");
        Api.Response rule = api(ws.adminToken())
                .postJson(
                        "/api/v1/keyword-rules",
                        Map.of("name", "Aroma", "terms", List.of("Kahvila Aroma"), "channels", "all"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        Api agent = api(ws.agentToken());
        assertThat(agent.postJson(
                                "/api/v1/messages",
                                Map.of(
                                        "externalId",
                                        "angry-1",
                                        "text",
                                        "Kahvila Aromassa oli surkein palvelu ikinä, kahvi kylmää ja myyjä töykeä. En tule enää!"))
                        .status())
                .isEqualTo(201);
        assertThat(agent.postJson(
                                "/api/v1/messages",
                                Map.of(
                                        "externalId",
                                        "kind-1",
                                        "text",
                                        "Kiitos Kahvila Aromalle, ihana kahvi ja mukava palvelu!"))
                        .status())
                .isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            counter.flush();
            assertThat(count(ws, "rule:Aroma")).isEqualTo(2);
            assertThat(count(ws, "rule-negative:Aroma")).isEqualTo(1);
        });
    }

    private static MessageAnalyzed analyzed(TestWorkspace ws, UUID message, String sentiment) {
        return new MessageAnalyzed(
                ws.id(),
                UUID.randomUUID(),
                message,
                "api",
                "fi",
                sentiment,
                false,
                null,
                "none",
                List.of(),
                "",
                Instant.now(),
                false);
    }

    private long count(TestWorkspace ws, String series) {
        return workspaces
                .owner()
                .sql("select coalesce(sum(count), 0) from storm_count where workspace_id = ? and series = ?")
                .params(ws.id(), series)
                .query(Long.class)
                .single();
    }
}
