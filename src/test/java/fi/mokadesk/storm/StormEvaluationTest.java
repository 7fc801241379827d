package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scores the detector and the two baselines on the NAB Twitter series and prints the table
 * reported in {@code docs/storms.md}. Skipped when the data directory is absent.
 */
class StormEvaluationTest {

    /** The detector must stay at or above this normalised NAB score on the five series. */
    static final double FLOOR = 78.0;

    @Test
    void detectorBeatsTheFloorAndBothBaselines() throws IOException {
        assumeTrue(Files.isDirectory(NabData.DEFAULT_DIR), "NAB Twitter series not found at " + NabData.DEFAULT_DIR);
        List<StormEvaluation.Row> rows = StormEvaluation.evaluateAll(NabData.load(NabData.DEFAULT_DIR));
        System.out.print(StormEvaluation.table(rows));

        StormEvaluation.Row mokadesk = rows.get(0);
        assertThat(mokadesk.windows()).isEqualTo(16);
        assertThat(mokadesk.normalised()).isGreaterThanOrEqualTo(FLOOR);
        for (StormEvaluation.Row baseline : rows.subList(1, rows.size())) {
            assertThat(mokadesk.normalised()).isGreaterThan(baseline.normalised() + 20);
        }
    }
}
