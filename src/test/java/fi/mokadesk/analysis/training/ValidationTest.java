package fi.mokadesk.analysis.training;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.analysis.training.TrainingSet.Metric;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The numbers the evaluation report rests on: macro scores, bootstrap intervals and calibration. */
class ValidationTest {

    @Test
    void macroF1AndMacroRecallFromAConfusionMatrix() {
        // rows = truth: 8 of 10 negatives right, 5 of 10 neutrals, all 5 positives
        int[][] m = {{8, 2, 0}, {3, 5, 2}, {0, 0, 5}};
        assertThat(Metrics.score(m, Metric.MACRO_RECALL)).isCloseTo((0.8 + 0.5 + 1.0) / 3, Offset.offset(1e-9));
        double f1Neg = 2 * (8 / 11.0) * 0.8 / (8 / 11.0 + 0.8);
        double f1Neu = 2 * (5 / 7.0) * 0.5 / (5 / 7.0 + 0.5);
        double f1Pos = 2 * (5 / 7.0) * 1.0 / (5 / 7.0 + 1.0);
        assertThat(Metrics.score(m, Metric.MACRO_F1)).isCloseTo((f1Neg + f1Neu + f1Pos) / 3, Offset.offset(1e-9));
    }

    @Test
    void bootstrapIntervalSurroundsTheScoreAndNarrowsWithMoreRows() {
        Random rnd = new Random(1);
        int[] goldSmall = new int[100];
        int[] predSmall = new int[100];
        int[] goldLarge = new int[2000];
        int[] predLarge = new int[2000];
        fill(rnd, goldSmall, predSmall);
        fill(rnd, goldLarge, predLarge);
        double score = Metrics.score(2, goldLarge, predLarge, Metric.MACRO_F1);
        double[] large = Metrics.bootstrap(2, goldLarge, predLarge, Metric.MACRO_F1, 500, 3);
        double[] small = Metrics.bootstrap(2, goldSmall, predSmall, Metric.MACRO_F1, 500, 3);
        assertThat(score).isBetween(large[0], large[1]);
        assertThat(large[1] - large[0]).isLessThan(small[1] - small[0]);
    }

    private static void fill(Random rnd, int[] gold, int[] pred) {
        for (int i = 0; i < gold.length; i++) {
            gold[i] = rnd.nextInt(2);
            pred[i] = rnd.nextDouble() < 0.8 ? gold[i] : 1 - gold[i];
        }
    }

    @Test
    void calibrationTamesAnOverconfidentModel() {
        // logits three times too large: the model says 95 % where it is right 80 % of the time
        Random rnd = new Random(5);
        int n = 4000;
        float[][] logits = new float[n][];
        int[] gold = new int[n];
        for (int i = 0; i < n; i++) {
            gold[i] = rnd.nextInt(2);
            int said = rnd.nextDouble() < 0.8 ? gold[i] : 1 - gold[i];
            float z = (float) (3 * Math.log(0.8 / 0.2));
            logits[i] = said == 0 ? new float[] {z / 2, -z / 2} : new float[] {-z / 2, z / 2};
        }
        float[][] before = new float[n][];
        float[][] after = new float[n][];
        Calibration c = Calibration.fit(logits, gold);
        for (int i = 0; i < n; i++) {
            before[i] = Calibration.softmax(logits[i]);
            after[i] = Calibration.softmax(c.apply(logits[i]));
        }
        assertThat(Metrics.ece(before, gold)).isGreaterThan(0.1);
        assertThat(Metrics.ece(after, gold)).isLessThan(0.03);
        assertThat(c.scale()).isCloseTo(1 / 3.0, Offset.offset(0.05));
    }
}
