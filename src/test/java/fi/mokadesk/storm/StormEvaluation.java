package fi.mokadesk.storm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores detectors on labelled NAB series with {@link NabScorer}, honestly: every value chosen
 * against labels is chosen by leave-one-series-out, on the other series only, and the series that
 * were not used for development at all are scored with settings fixed beforehand.
 *
 * <p>Run {@code main} (or {@code StormEvaluationTest}) to print every figure of {@code docs/storms.md}.
 */
final class StormEvaluation {

    /** A fresh per-series detector reduced to "alarm or not" per bucket. */
    interface Alarms {
        boolean update(Instant bucketStart, long count);
    }

    /** Makes a detector for one value of the family's knob and one bucket length. */
    interface Factory {
        Alarms create(double knob, Duration bucket);
    }

    /** Makes a detector for one value of a model constant, one value of the knob and one bucket length. */
    interface VariantFactory {
        Alarms create(double variant, double knob, Duration bucket);
    }

    /**
     * A detector with one knob, and possibly one model constant, that are chosen against labels.
     *
     * @param grid the knob values tried, in increasing order
     * @param defaultValue the knob value used where nothing may be chosen (series never seen)
     * @param variant name of the model constant chosen together with the knob ({@code null} if none)
     * @param variants the constant's values tried (one value when there is none to choose)
     * @param defaultVariant the constant's value used where nothing may be chosen
     */
    record Family(
            String name,
            String knob,
            double[] grid,
            double defaultValue,
            String variant,
            double[] variants,
            double defaultVariant,
            VariantFactory factory) {

        /** A family whose only value chosen against labels is its knob. */
        Family(String name, String knob, double[] grid, double defaultValue, Factory factory) {
            this(name, knob, grid, defaultValue, null, new double[] {0}, 0, (v, k, b) -> factory.create(k, b));
        }
    }

    /** Results of one knob value over a set of series, summed the NAB way. */
    record Row(String detector, Map<String, NabScorer.Result> perSeries) {
        double raw() {
            return perSeries.values().stream()
                    .mapToDouble(NabScorer.Result::raw)
                    .sum();
        }

        int windows() {
            return perSeries.values().stream()
                    .mapToInt(NabScorer.Result::windows)
                    .sum();
        }

        /** NAB's normalised score: raw scores summed over files, then normalised. */
        double normalised() {
            return NabScorer.normalise(raw(), -NabScorer.FN_WEIGHT * windows(), NabScorer.TP_WEIGHT * windows());
        }

        /** Mean of the per-file normalised scores (files without windows left out). */
        double meanOfFiles() {
            return perSeries.values().stream()
                    .filter(r -> r.windows() > 0)
                    .mapToDouble(NabScorer.Result::normalised)
                    .average()
                    .orElse(Double.NaN);
        }

        int detected() {
            return perSeries.values().stream()
                    .mapToInt(NabScorer.Result::detected)
                    .sum();
        }

        int falsePositives() {
            return perSeries.values().stream()
                    .mapToInt(NabScorer.Result::falsePositives)
                    .sum();
        }

        int beforeCentre() {
            return (int) perSeries.values().stream()
                    .flatMap(r -> r.centreDelays().stream())
                    .filter(d -> d < 0)
                    .count();
        }

        double medianCentreDelayRows() {
            List<Double> delays = new ArrayList<>();
            perSeries.values().forEach(r -> delays.addAll(r.centreDelays()));
            return median(delays);
        }

        double medianDelayRows() {
            List<Integer> delays = new ArrayList<>();
            perSeries.values().forEach(r -> delays.addAll(r.delays()));
            return median(delays);
        }
    }

    /** One held-out series: the knob (and constant) chosen on the others and the score it then got. */
    record HeldOut(String series, double knob, double variant, double trainScore, NabScorer.Result result) {}

    /** A family's leave-one-series-out outcome. */
    record Loo(Family family, List<HeldOut> heldOut) {
        double mean() {
            return heldOut.stream()
                    .mapToDouble(h -> h.result().normalised())
                    .average()
                    .orElse(Double.NaN);
        }

        double worst() {
            return heldOut.stream()
                    .mapToDouble(h -> h.result().normalised())
                    .min()
                    .orElse(Double.NaN);
        }

        Row asRow() {
            Map<String, NabScorer.Result> m = new LinkedHashMap<>();
            heldOut.forEach(h -> m.put(h.series(), h.result()));
            return new Row(family.name(), m);
        }
    }

    private StormEvaluation() {}

    static NabScorer.Result run(NabData.Series series, Alarms detector) {
        boolean[] alarms = new boolean[series.values().length];
        Instant previous = null;
        for (int i = 0; i < alarms.length; i++) {
            Instant t = series.timestamps()[i];
            // a few NAB files repeat a timestamp (clock changes); a detector takes each bucket once
            if (previous != null && !t.isAfter(previous)) continue;
            alarms[i] = detector.update(t, series.values()[i]);
            previous = t;
        }
        return NabScorer.score(alarms, series.windows());
    }

    /** The family at its default constant and the given knob value. */
    static Row evaluate(Family family, double knob, List<NabData.Series> data) {
        return evaluate(family, family.defaultVariant(), knob, data);
    }

    static Row evaluate(Family family, double variant, double knob, List<NabData.Series> data) {
        Map<String, NabScorer.Result> results = new LinkedHashMap<>();
        for (NabData.Series series : data) {
            results.put(series.name(), run(series, family.factory().create(variant, knob, series.bucket())));
        }
        return new Row(family.name(), results);
    }

    /** Every knob value of the grid over all series at the default constant (the in-sample curve). */
    static List<Row> sweep(Family family, List<NabData.Series> data) {
        return sweep(family, family.defaultVariant(), data);
    }

    static List<Row> sweep(Family family, double variant, List<NabData.Series> data) {
        List<Row> rows = new ArrayList<>();
        for (double knob : family.grid()) rows.add(evaluate(family, variant, knob, data));
        return rows;
    }

    /**
     * Leave-one-series-out: for each series, the knob and the model constant are the pair of grid
     * values with the best NAB score on the other series (ties go to the knob nearest its default, then
     * to the constant nearest its default), and the held-out series is scored with them.
     */
    static Loo leaveOneOut(Family family, List<NabData.Series> data) {
        int knobs = family.grid().length;
        List<Row> sweep = new ArrayList<>();
        for (double variant : family.variants()) sweep.addAll(sweep(family, variant, data));
        List<HeldOut> heldOut = new ArrayList<>();
        for (NabData.Series test : data) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < sweep.size(); c++) {
                Map<String, NabScorer.Result> train =
                        new LinkedHashMap<>(sweep.get(c).perSeries());
                train.remove(test.name());
                double score = new Row(family.name(), train).normalised();
                boolean better = score > bestScore + 1e-9
                        || (Math.abs(score - bestScore) <= 1e-9 && nearerDefault(family, c, best, knobs));
                if (better) {
                    best = c;
                    bestScore = score;
                }
            }
            heldOut.add(new HeldOut(
                    test.name(),
                    family.grid()[best % knobs],
                    family.variants()[best / knobs],
                    bestScore,
                    sweep.get(best).perSeries().get(test.name())));
        }
        return new Loo(family, heldOut);
    }

    private static boolean nearerDefault(Family family, int candidate, int best, int knobs) {
        double knobNow = Math.abs(family.grid()[candidate % knobs] - family.defaultValue());
        double knobBest = Math.abs(family.grid()[best % knobs] - family.defaultValue());
        if (knobNow != knobBest) return knobNow < knobBest;
        return Math.abs(family.variants()[candidate / knobs] - family.defaultVariant())
                < Math.abs(family.variants()[best / knobs] - family.defaultVariant());
    }

    // ---- the detectors measured

    /**
     * The detector: the false-alarm rate and the allowance for few days of daily peaks
     * ({@link StormDetector#PEAK_UNCERTAINTY}) are both chosen inside the folds.
     */
    static Family mokadesk() {
        return new Family(
                "Mokadesk StormDetector",
                "false alarms / week",
                new double[] {0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4},
                StormDetector.Settings.DEFAULT_FALSE_ALARMS_PER_WEEK,
                "peak uncertainty",
                new double[] {0, 1, 2, 4, 8},
                StormDetector.PEAK_UNCERTAINTY,
                (variant, knob, bucket) -> {
                    StormDetector d = new StormDetector(
                            StormDetector.Settings.forBucket(bucket).withFalseAlarmsPerWeek(knob), variant);
                    return (t, c) -> d.update(t, c).alarm();
                });
    }

    static Family fixedThreshold() {
        return new Family(
                "Fixed threshold (mean + k sd)",
                "k",
                new double[] {3, 4, 5, 6, 8, 10, 12, 15, 20},
                4,
                (knob, bucket) -> new Baselines.AlarmDiscipline(new Baselines.FixedThreshold(750, knob))::update);
    }

    static Family ewma() {
        return new Family(
                "EWMA + k sigma",
                "k",
                new double[] {3, 4, 5, 6, 8, 10, 12, 15, 20},
                4,
                (knob, bucket) -> new Baselines.AlarmDiscipline(new Baselines.Ewma(knob))::update);
    }

    static List<Family> families() {
        return List.of(mokadesk(), fixedThreshold(), ewma());
    }

    // ---- printing

    static String looTable(List<Loo> loos) {
        StringBuilder out = new StringBuilder();
        out.append("Leave-one-series-out (knob / constant chosen on the other four, score of the held-out series)\n");
        List<String> names = loos.get(0).heldOut().stream().map(HeldOut::series).toList();
        out.append(String.format(Locale.ROOT, "%-30s %6s %6s", "detector", "mean", "worst"));
        for (String name : names) out.append(String.format(Locale.ROOT, " %26s", short_(name)));
        out.append(String.format(Locale.ROOT, " %7s %5s %4s %7s %8s%n", "pooled", "TP", "FP", "<centre", "d/centre"));
        for (Loo loo : loos) {
            Row row = loo.asRow();
            out.append(
                    String.format(Locale.ROOT, "%-30s %6.1f %6.1f", loo.family().name(), loo.mean(), loo.worst()));
            for (HeldOut h : loo.heldOut()) {
                out.append(String.format(
                        Locale.ROOT,
                        " %5.1f (%d/%d,%2d) @%-9s",
                        h.result().normalised(),
                        h.result().detected(),
                        h.result().windows(),
                        h.result().falsePositives(),
                        knob(h.knob()) + (loo.family().variant() == null ? "" : "/" + knob(h.variant()))));
            }
            out.append(String.format(
                    Locale.ROOT,
                    " %7.1f %2d/%2d %4d %3d/%-3d %8s%n",
                    row.normalised(),
                    row.detected(),
                    row.windows(),
                    row.falsePositives(),
                    row.beforeCentre(),
                    row.detected(),
                    hours(row.medianCentreDelayRows(), 5)));
        }
        return out.toString();
    }

    static String sweepTable(Family family, List<Row> sweep) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%s on all development series, by %s (default %s)%n",
                family.name(),
                family.knob(),
                knob(family.defaultValue())));
        out.append(String.format(
                Locale.ROOT,
                "%8s %7s %7s %6s %5s %7s %8s%n",
                "knob",
                "pooled",
                "mean",
                "TP",
                "FP",
                "<centre",
                "d/centre"));
        for (int k = 0; k < sweep.size(); k++) {
            Row row = sweep.get(k);
            out.append(String.format(
                    Locale.ROOT,
                    "%8s %7.1f %7.1f %2d/%-3d %5d %3d/%-3d %8s%n",
                    knob(family.grid()[k]),
                    row.normalised(),
                    row.meanOfFiles(),
                    row.detected(),
                    row.windows(),
                    row.falsePositives(),
                    row.beforeCentre(),
                    row.detected(),
                    hours(row.medianCentreDelayRows(), 5)));
        }
        return out.toString();
    }

    static String fixedTable(String title, List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(title).append('\n');
        out.append(String.format(Locale.ROOT, "%-30s %7s %7s %7s %6s%n", "detector", "pooled", "mean", "TP", "FP"));
        for (Row row : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-30s %7.1f %7.1f %3d/%-3d %6d%n",
                    row.detector(),
                    row.normalised(),
                    row.meanOfFiles(),
                    row.detected(),
                    row.windows(),
                    row.falsePositives()));
        }
        return out.toString();
    }

    static String perFileTable(Row row) {
        StringBuilder out = new StringBuilder();
        row.perSeries()
                .forEach((name, r) -> out.append(String.format(
                        Locale.ROOT,
                        "  %-42s %6.1f %d/%d %3d%n",
                        name,
                        r.windows() > 0 ? r.normalised() : Double.NaN,
                        r.detected(),
                        r.windows(),
                        r.falsePositives())));
        return out.toString();
    }

    private static String short_(String name) {
        return name.replace("Twitter_volume_", "");
    }

    static String knob(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static double median(List<? extends Number> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted =
                values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Rows of {@code minutes} as hours. */
    static String hours(double rows, double minutes) {
        return Double.isNaN(rows) ? "-" : String.format(Locale.ROOT, "%+.1f h", rows * minutes / 60.0);
    }

    /** Prints every evaluation figure: leave-one-out, knob curves, and the series never used for development. */
    public static void main(String[] args) throws IOException {
        Path twitter =
                NabData.dir(NabData.TWITTER).orElseThrow(() -> new IOException(NabData.missing(NabData.TWITTER)));
        List<NabData.Series> dev = NabData.load(twitter);
        List<Loo> loos = new ArrayList<>();
        for (Family f : families()) loos.add(leaveOneOut(f, dev));
        System.out.print(looTable(loos));
        System.out.println();
        for (Family f : families()) {
            System.out.print(sweepTable(f, sweep(f, dev)));
            System.out.println();
        }
        var other = NabData.dir(NabData.OTHER);
        if (other.isEmpty()) {
            System.out.println(NabData.missing(NabData.OTHER));
            return;
        }
        for (double scale : new double[] {1, 100}) {
            List<NabData.Series> data = NabData.load(other.get(), scale);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < loos.size(); i++) {
                Family f = loos.get(i).family();
                // fixed beforehand: the detector's default; for the baselines their best value on the Twitter series
                double knob = i == 0 ? f.defaultValue() : bestOnAll(f, dev);
                rows.add(evaluate(f, knob, data));
            }
            System.out.print(fixedTable(
                    String.format(
                            Locale.ROOT,
                            "nab-other, %d series, values x %s rounded, settings fixed beforehand",
                            data.size(),
                            knob(scale)),
                    rows));
            if (args.length > 0 && args[0].equals("--files")) System.out.print(perFileTable(rows.get(0)));
            System.out.println();
        }
    }

    static double bestOnAll(Family family, List<NabData.Series> data) {
        List<Row> sweep = sweep(family, data);
        int best = 0;
        for (int k = 1; k < sweep.size(); k++) {
            if (sweep.get(k).normalised() > sweep.get(best).normalised()) best = k;
        }
        return family.grid()[best];
    }
}
