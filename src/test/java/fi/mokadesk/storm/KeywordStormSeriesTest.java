package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.listening.KeywordMentioned;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/** Mentions found by a keyword rule are counted in a series of the rule's own, and an alarm names the rule. */
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

    private long count(TestWorkspace ws, String series) {
        return workspaces
                .owner()
                .sql("select coalesce(sum(count), 0) from storm_count where workspace_id = ? and series = ?")
                .params(ws.id(), series)
                .query(Long.class)
                .single();
    }
}
