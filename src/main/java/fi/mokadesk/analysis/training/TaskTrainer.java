package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import fi.mokadesk.analysis.training.SoftmaxRegression.Settings;
import fi.mokadesk.analysis.training.TrainingSet.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains one task honestly: every candidate setting is scored by k-fold cross-validation on the
 * training split only; the best one's out-of-fold predictions fit the probability calibration and
 * the decision offsets; then the final model is trained on the whole training split. The report
 * split is never seen here.
 */
final class TaskTrainer {
    static final int FOLDS = 5;

    /**
     * One setting to try.
     *
     * @param balance exponent of the class balancing within a group: 0 = none, 1 = every label
     *     weighs the same
     * @param sourceWeights multiplier of the weight of examples from a source (default 1)
     */
    record Candidate(String name, Settings settings, double balance, Map<String, Float> sourceWeights) {
        float weightOf(String source) {
            return sourceWeights.getOrDefault(source, 1f);
        }
    }

    /** Exact (unquantised) weights of one task: {@code table[bucket * k + label]}. */
    record Linear(float[] table, float[] bias, int k) {
        float[] logits(Features x) {
            float[] z = bias.clone();
            int[] b = x.buckets();
            double[] v = x.values();
            for (int i = 0; i < b.length; i++) {
                int base = b[i] * k;
                for (int c = 0; c < k; c++) {
                    z[c] += (float) (table[base + c] * v[i]);
                }
            }
            return z;
        }
    }

    /** Outcome of training one task. */
    record Result(
            String task,
            List<String> labels,
            Map<String, Map<String, Double>> cvScores,
            String chosen,
            Map<String, Double> cvAfter,
            Calibration calibration,
            double[] offsets,
            Linear model,
            int examples,
            float minProbability,
            Map<String, Double> abstention,
            boolean rawDecision) {}

    private final FeatureCache cache;
    private final int dim;
    private final Map<String, Metric> metrics;

    TaskTrainer(FeatureCache cache, int bits, Map<String, Metric> metrics) {
        this.cache = cache;
        this.dim = 1 << bits;
        this.metrics = metrics;
    }

    static int fold(Example e) {
        return Math.floorMod(e.text().hashCode() * 31 + 17, FOLDS);
    }

    /** Thresholds tried for abstaining (no category); the highest that costs at most 2 % of messages wins. */
    static final double[] ABSTAIN_AT = {0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5};

    static final double MAX_ABSTAIN_SHARE = 0.02;

    Result train(
            String task, List<Example> examples, List<Candidate> candidates, boolean tuneOffsets, boolean abstains) {
        List<String> labels = Labels.of(task);
        int k = labels.size();
        Map<String, Map<String, Double>> cvScores = new LinkedHashMap<>();
        Candidate best = candidates.get(0);
        float[][] bestOof = null;
        double bestObjective = Double.NEGATIVE_INFINITY;
        boolean hasDev = examples.stream().anyMatch(e -> e.dev() != null);
        if (hasDev) {
            for (Candidate c : candidates) {
                long t0 = System.nanoTime();
                float[][] oof = outOfFold(task, examples, c, k);
                Map<String, Double> scores = devScores(examples, oof, labels, null, null);
                cvScores.put(c.name(), scores);
                double objective = mean(scores);
                System.out.printf(
                        Locale.ROOT,
                        "  cv %-24s %-40s objective %.4f %s (%.0f s)%n",
                        task,
                        c.name(),
                        objective,
                        scores,
                        (System.nanoTime() - t0) / 1e9);
                if (objective > bestObjective) {
                    bestObjective = objective;
                    best = c;
                    bestOof = oof;
                }
            }
        }
        Calibration calibration = Calibration.identity(k);
        double[] offsets = new double[k];
        Map<String, Double> after = Map.of();
        Map<String, Double> abstention = new LinkedHashMap<>();
        float minProbability = 0f;
        boolean rawDecision = false;
        if (bestOof != null) {
            List<float[]> z = new ArrayList<>();
            List<Integer> gold = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (examples.get(i).dev() != null) {
                    z.add(bestOof[i]);
                    gold.add(labels.indexOf(examples.get(i).label()));
                }
            }
            calibration = Calibration.fit(
                    z.toArray(new float[0][]),
                    gold.stream().mapToInt(Integer::intValue).toArray());
            float[][] calibrated = new float[examples.size()][];
            for (int i = 0; i < examples.size(); i++) {
                calibrated[i] = bestOof[i] == null ? null : calibration.apply(bestOof[i]);
            }
            if (tuneOffsets) {
                offsets = tuneOffsets(examples, calibrated, labels);
            } else if (!task.startsWith(MessageAnalyzer.TOX_PREFIX)) {
                // The calibration's per-label bias fits the probabilities but also moves the decision;
                // offsets of minus that bias give back the uncalibrated model's labels while the
                // probabilities stay calibrated. Cross-validation says which labels are better.
                double[] uncalibrated = new double[k];
                for (int c = 0; c < k; c++) {
                    uncalibrated[c] = -calibration.bias()[c];
                }
                double calibratedScore = mean(devScores(examples, calibrated, labels, offsets, null));
                double uncalibratedScore = mean(devScores(examples, calibrated, labels, uncalibrated, null));
                System.out.printf(
                        Locale.ROOT,
                        "  decision %-18s calibrated labels %.4f, uncalibrated labels %.4f%n",
                        task,
                        calibratedScore,
                        uncalibratedScore);
                if (uncalibratedScore > calibratedScore + 0.002) {
                    offsets = uncalibrated;
                    rawDecision = true;
                }
            }
            after = devScores(examples, calibrated, labels, offsets, null);
            if (abstains) {
                abstention = abstention(examples, calibrated, offsets);
                for (var e : abstention.entrySet()) {
                    if (e.getValue() <= MAX_ABSTAIN_SHARE) {
                        minProbability = Float.parseFloat(e.getKey());
                    }
                }
            }
        }
        long t0 = System.nanoTime();
        Linear model = fit(task, examples, best, k, -1);
        System.out.printf(
                Locale.ROOT,
                "trained %-24s %6d examples with %s, %.0f s; calibration scale %.3f; offsets %s%n",
                task,
                examples.size(),
                best.name(),
                (System.nanoTime() - t0) / 1e9,
                calibration.scale(),
                java.util.Arrays.toString(offsets));
        return new Result(
                task,
                labels,
                cvScores,
                best.name(),
                after,
                calibration,
                offsets,
                model,
                examples.size(),
                minProbability,
                abstention,
                rawDecision);
    }

    /** Share of cross-validated evaluation examples whose chosen label is below each threshold. */
    private static Map<String, Double> abstention(List<Example> examples, float[][] calibrated, double[] offsets) {
        Map<String, Double> share = new LinkedHashMap<>();
        for (double t : ABSTAIN_AT) {
            int n = 0;
            int below = 0;
            for (int i = 0; i < examples.size(); i++) {
                if (calibrated[i] == null) {
                    continue;
                }
                float[] p = Calibration.softmax(calibrated[i]);
                n++;
                below += p[decide(calibrated[i], offsets)] < t ? 1 : 0;
            }
            share.put(String.format(Locale.ROOT, "%.2f", t), n == 0 ? 0 : round((double) below / n));
        }
        return share;
    }

    /** Out-of-fold logits of every example that belongs to an evaluation set (null for the rest). */
    private float[][] outOfFold(String task, List<Example> examples, Candidate c, int k) {
        float[][] oof = new float[examples.size()][];
        for (int f = 0; f < FOLDS; f++) {
            Linear m = fit(task, examples, c, k, f);
            for (int i = 0; i < examples.size(); i++) {
                Example e = examples.get(i);
                if (e.dev() != null && fold(e) == f) {
                    oof[i] = m.logits(cache.of(e.text()));
                }
            }
        }
        return oof;
    }

    /** Trains on every example outside {@code heldOutFold} (all of them for -1). */
    private Linear fit(String task, List<Example> examples, Candidate c, int k, int heldOutFold) {
        List<Example> chosen = new ArrayList<>();
        for (Example e : examples) {
            if (heldOutFold < 0 || fold(e) != heldOutFold) {
                chosen.add(e.withWeight(e.weight() * c.weightOf(e.source())));
            }
        }
        List<Features> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<Float> w = new ArrayList<>();
        List<String> labels = Labels.of(task);
        for (Example e : balance(chosen, c.balance())) {
            if (e.weight() > 0) {
                x.add(cache.of(e.text()));
                y.add(labels.indexOf(e.label()));
                w.add(e.weight());
            }
        }
        float[] weights = new float[w.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = w.get(i);
        }
        return SoftmaxRegression.train(
                x, y.stream().mapToInt(Integer::intValue).toArray(), weights, k, dim, c.settings());
    }

    /**
     * Softens class imbalance within each group: every example is re-weighted by (mean label weight
     * in its group / its label's weight in its group) to the power {@code exponent}.
     */
    static List<Example> balance(List<Example> examples, double exponent) {
        Map<String, Map<String, Double>> perLabel = new LinkedHashMap<>();
        for (Example e : examples) {
            perLabel.computeIfAbsent(e.group(), g -> new LinkedHashMap<>())
                    .merge(e.label(), (double) e.weight(), Double::sum);
        }
        List<Example> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            Map<String, Double> g = perLabel.get(e.group());
            double mean = g.values().stream().mapToDouble(Double::doubleValue).sum() / g.size();
            double f = Math.pow(mean / g.get(e.label()), exponent);
            out.add(e.withWeight((float) (e.weight() * f)));
        }
        return out;
    }

    /** Metric per evaluation set from (calibrated) logits plus decision offsets. */
    Map<String, Double> devScores(
            List<Example> examples, float[][] logits, List<String> labels, double[] offsets, String only) {
        Map<String, List<Integer>> byDev = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            String d = examples.get(i).dev();
            if (d != null && logits[i] != null && (only == null || only.equals(d))) {
                byDev.computeIfAbsent(d, x -> new ArrayList<>()).add(i);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (var entry : byDev.entrySet()) {
            List<Integer> idx = entry.getValue();
            int[] gold = new int[idx.size()];
            int[] pred = new int[idx.size()];
            for (int j = 0; j < idx.size(); j++) {
                gold[j] = labels.indexOf(examples.get(idx.get(j)).label());
                pred[j] = decide(logits[idx.get(j)], offsets);
            }
            out.put(entry.getKey(), round(Metrics.score(labels.size(), gold, pred, metrics.get(entry.getKey()))));
        }
        return out;
    }

    static int decide(float[] logits, double[] offsets) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logits.length; c++) {
            double s = logits[c] + (offsets == null ? 0 : offsets[c]);
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best;
    }

    /**
     * Coordinate search for per-label offsets added to the calibrated log-probabilities before the
     * decision, maximising the mean cross-validated metric; a change must gain at least 0.002.
     */
    private double[] tuneOffsets(List<Example> examples, float[][] calibrated, List<String> labels) {
        double[] offsets = new double[labels.size()];
        double best = mean(devScores(examples, calibrated, labels, offsets, null));
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 1; c < labels.size(); c++) {
                double keep = offsets[c];
                double bestValue = keep;
                for (double d = -1.5; d <= 1.5001; d += 0.1) {
                    offsets[c] = d;
                    double s = mean(devScores(examples, calibrated, labels, offsets, null));
                    if (s > best + 0.002) {
                        best = s;
                        bestValue = d;
                    }
                }
                offsets[c] = Math.round(bestValue * 10) / 10.0;
            }
        }
        return offsets;
    }

    static double mean(Map<String, Double> scores) {
        return scores.values().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(0);
    }

    private static double round(double x) {
        return Math.round(x * 10000) / 10000.0;
    }
}
