package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.training.TrainingSet.Metric;
import java.util.Arrays;
import java.util.Random;

/** Macro-F1, macro-recall, bootstrap confidence intervals and expected calibration error. */
final class Metrics {
    private Metrics() {}

    static int[][] confusion(int k, int[] gold, int[] pred) {
        int[][] m = new int[k][k];
        for (int i = 0; i < gold.length; i++) {
            m[gold[i]][pred[i]]++;
        }
        return m;
    }

    /** Mean F1 (or recall) over the labels present in the gold standard. */
    static double score(int[][] m, Metric metric) {
        int k = m.length;
        double sum = 0;
        int labels = 0;
        for (int i = 0; i < k; i++) {
            int tp = m[i][i];
            int fn = 0;
            int fp = 0;
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    fn += m[i][j];
                    fp += m[j][i];
                }
            }
            if (tp + fn == 0) {
                continue;
            }
            double recall = tp / (double) (tp + fn);
            double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            sum += metric == Metric.MACRO_RECALL
                    ? recall
                    : precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            labels++;
        }
        return labels == 0 ? 0 : sum / labels;
    }

    static double score(int k, int[] gold, int[] pred, Metric metric) {
        return score(confusion(k, gold, pred), metric);
    }

    static double accuracy(int[] gold, int[] pred) {
        int ok = 0;
        for (int i = 0; i < gold.length; i++) {
            ok += gold[i] == pred[i] ? 1 : 0;
        }
        return gold.length == 0 ? 0 : ok / (double) gold.length;
    }

    /** 95 % percentile bootstrap interval of the metric (resampling examples, fixed seed). */
    static double[] bootstrap(int k, int[] gold, int[] pred, Metric metric, int rounds, long seed) {
        Random rnd = new Random(seed);
        double[] s = new double[rounds];
        int n = gold.length;
        int[][] m = new int[k][k];
        for (int b = 0; b < rounds; b++) {
            for (int[] row : m) {
                Arrays.fill(row, 0);
            }
            for (int i = 0; i < n; i++) {
                int j = rnd.nextInt(n);
                m[gold[j]][pred[j]]++;
            }
            s[b] = score(m, metric);
        }
        Arrays.sort(s);
        return new double[] {s[(int) (rounds * 0.025)], s[(int) (rounds * 0.975) - 1]};
    }

    /**
     * Expected calibration error of the top label: examples binned by the probability of their most
     * likely label (10 equal-width bins); the weighted mean gap between that probability and how
     * often the label is right.
     */
    static double ece(float[][] probs, int[] gold) {
        int bins = 10;
        double[] conf = new double[bins];
        double[] correct = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < probs.length; i++) {
            float[] p = probs[i];
            int best = argmax(p);
            int b = Math.min(bins - 1, (int) (p[best] * bins));
            conf[b] += p[best];
            correct[b] += best == gold[i] ? 1 : 0;
            count[b]++;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                e += Math.abs(conf[b] - correct[b]) / probs.length;
            }
        }
        return e;
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
