package fi.mokadesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a timer tells whom: the warning, the breach and the escalation chain, each once. */
class DeadlinesTest {

    static final Instant WARN = Instant.parse("2026-12-02T10:45:00Z");
    static final Instant DUE = Instant.parse("2026-12-02T11:00:00Z");
    static final List<PolicySpec.Step> CHAIN = List.of(
            new PolicySpec.Step("assignee", 0), new PolicySpec.Step("leads", 15), new PolicySpec.Step("admins", 60));

    @Test
    void warnsThenBreachesThenEscalatesStepByStep() {
        Deadlines.Clock clock = new Deadlines.Clock(WARN, DUE, false, false, 0);
        assertThat(clock.nextFireAt(CHAIN)).isEqualTo(WARN);

        var warned = clock.fire(WARN, CHAIN);
        assertThat(warned.fired()).extracting(Deadlines.Fired::notice).containsExactly(Deadlines.Notice.WARNING);
        assertThat(warned.nextFireAt()).isEqualTo(DUE);

        var breached = warned.clock().fire(DUE, CHAIN);
        assertThat(breached.fired()).extracting(Deadlines.Fired::audience).containsExactly("assignee");
        assertThat(breached.nextFireAt()).isEqualTo(DUE.plusSeconds(15 * 60));

        var leads = breached.clock().fire(DUE.plusSeconds(15 * 60), CHAIN);
        assertThat(leads.fired()).extracting(Deadlines.Fired::audience).containsExactly("leads");

        var admins = leads.clock().fire(DUE.plusSeconds(60 * 60), CHAIN);
        assertThat(admins.fired()).extracting(Deadlines.Fired::audience).containsExactly("admins");
        assertThat(admins.nextFireAt()).isNull();
    }

    @Test
    void firingTheSameMomentTwiceTellsNobodyAgain() {
        var once = new Deadlines.Clock(WARN, DUE, false, false, 0).fire(DUE, CHAIN);
        var again = once.clock().fire(DUE, CHAIN);
        assertThat(again.fired()).isEmpty();
    }

    @Test
    void aLateSweepSkipsTheOvertakenWarningAndRunsEveryDueStep() {
        var late = new Deadlines.Clock(WARN, DUE, false, false, 0).fire(DUE.plusSeconds(2 * 3600), CHAIN);
        assertThat(late.fired()).extracting(Deadlines.Fired::audience).containsExactly("assignee", "leads", "admins");
        assertThat(late.fired()).extracting(Deadlines.Fired::notice).doesNotContain(Deadlines.Notice.WARNING);
    }
}
