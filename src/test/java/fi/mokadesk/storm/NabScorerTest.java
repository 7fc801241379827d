package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NabScorerTest {

    // 10,000 rows: probation is min(floor(1500), 750) = 750 rows
    private static final int ROWS = 10_000;
    private static final List<NabScorer.Window> WINDOWS =
            List.of(new NabScorer.Window(2000, 2099), new NabScorer.Window(5000, 5099));

    private static boolean[] alarmsAt(int... rows) {
        boolean[] alarms = new boolean[ROWS];
        for (int row : rows) {
            alarms[row] = true;
        }
        return alarms;
    }

    @Test
    void probationaryLengthFollowsNab() {
        assertThat(NabScorer.probationaryLength(ROWS)).isEqualTo(750);
        assertThat(NabScorer.probationaryLength(4000)).isEqualTo(600);
        assertThat(NabScorer.probationaryLength(15_902)).isEqualTo(750);
    }

    @Test
    void nullAndPerfectDetectorsDefineTheScale() {
        NabScorer.Result none = NabScorer.score(alarmsAt(), WINDOWS);
        assertThat(none.raw()).isEqualTo(-2.0);
        assertThat(none.normalised()).isZero();

        NabScorer.Result perfect = NabScorer.score(alarmsAt(2000, 5000), WINDOWS);
        assertThat(perfect.raw()).isCloseTo(2.0, within(1e-12));
        assertThat(perfect.normalised()).isCloseTo(100.0, within(1e-9));
        assertThat(perfect.delays()).containsExactly(0, 0);
    }

    @Test
    void onlyTheFirstAlarmOfAWindowCountsAndItsValueFallsAlongTheWindow() {
        double mid = NabScorer.scaledSigmoid(-0.5) / NabScorer.scaledSigmoid(-1.0);
        // alarm at row 2050 of window 2000..2099: position -(2099 - 2050 + 1) / 100 = -0.5
        NabScorer.Result r = NabScorer.score(alarmsAt(2050, 2060, 2099), List.of(WINDOWS.get(0)));
        assertThat(r.raw()).isCloseTo(mid, within(1e-12));
        assertThat(r.detected()).isEqualTo(1);
        assertThat(r.falsePositives()).isZero();
        assertThat(r.delays()).containsExactly(50);

        double last = NabScorer.score(alarmsAt(2099), List.of(WINDOWS.get(0))).raw();
        assertThat(last).isBetween(0.0, 0.05);
    }

    @Test
    void falsePositivesCostTheFullWeightBeforeAnyWindowAndLessJustAfterOne() {
        NabScorer.Result early = NabScorer.score(alarmsAt(1000), WINDOWS);
        assertThat(early.raw()).isCloseTo(-2.0 - 0.11, within(1e-12));
        assertThat(early.falsePositives()).isEqualTo(1);

        // one row after a window of width 100: position 1 / 99
        NabScorer.Result justAfter = NabScorer.score(alarmsAt(2100), WINDOWS);
        double expected = -2.0 + 0.11 * NabScorer.scaledSigmoid(1.0 / 99);
        assertThat(justAfter.raw()).isCloseTo(expected, within(1e-12));
        assertThat(justAfter.raw()).isGreaterThan(-2.0 - 0.11 * 0.2);

        // far after a window (position >= 3) costs the full weight again
        NabScorer.Result farAfter = NabScorer.score(alarmsAt(2099 + 400), WINDOWS);
        assertThat(farAfter.raw()).isCloseTo(-2.11, within(1e-12));
    }

    @Test
    void alarmsAndWindowsInTheProbationaryPeriodAreIgnored() {
        List<NabScorer.Window> early = List.of(new NabScorer.Window(100, 199), new NabScorer.Window(5000, 5099));
        NabScorer.Result r = NabScorer.score(alarmsAt(10, 150, 749), early);
        assertThat(r.windows()).isEqualTo(1);
        assertThat(r.raw()).isEqualTo(-1.0);
        assertThat(r.falsePositives()).isZero();
    }
}
