package fi.mokadesk.storm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs detectors over the labelled NAB Twitter series and scores them with {@link NabScorer}.
 * Raw scores are summed over all files before normalising, as NAB does.
 */
final class StormEvaluation {

    /** A fresh per-series detector reduced to "alarm or not" per bucket. */
    interface Alarms {
        boolean update(Instant bucketStart, long count);
    }

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

        double normalised() {
            return NabScorer.normalise(raw(), -NabScorer.FN_WEIGHT * windows(), NabScorer.TP_WEIGHT * windows());
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

        /** Median delay from window start to first alarm, in rows; NaN if nothing detected. */
        double medianDelayRows() {
            List<Integer> delays = new ArrayList<>();
            perSeries.values().forEach(r -> delays.addAll(r.delays()));
            return median(delays);
        }

        /** Median delay from window centre (the labelled anomaly) to first alarm, in rows. */
        double medianCentreDelayRows() {
            List<Double> delays = new ArrayList<>();
            perSeries.values().forEach(r -> delays.addAll(r.centreDelays()));
            return median(delays);
        }
    }

    private StormEvaluation() {}

    static Row evaluate(String name, List<NabData.Series> data, Supplier<Alarms> factory) {
        Map<String, NabScorer.Result> results = new LinkedHashMap<>();
        for (NabData.Series series : data) {
            Alarms detector = factory.get();
            boolean[] alarms = new boolean[series.values().length];
            for (int i = 0; i < alarms.length; i++) {
                alarms[i] = detector.update(series.timestamps()[i], series.values()[i]);
            }
            results.put(series.name(), NabScorer.score(alarms, series.windows()));
        }
        return new Row(name, results);
    }

    static Alarms mokadesk(StormDetector.Settings settings) {
        StormDetector detector = new StormDetector(settings);
        return (t, c) -> detector.update(t, c).alarm();
    }

    static List<Row> evaluateAll(List<NabData.Series> data) {
        List<Row> rows = new ArrayList<>();
        rows.add(evaluate("Mokadesk StormDetector", data, () -> mokadesk(StormDetector.Settings.defaults())));
        rows.add(evaluate("Fixed threshold (calibrated)", data, () -> {
            Baselines.AlarmDiscipline d = new Baselines.AlarmDiscipline(new Baselines.FixedThreshold(750));
            return d::update;
        }));
        rows.add(evaluate("EWMA + 4 sigma", data, () -> {
            Baselines.AlarmDiscipline d = new Baselines.AlarmDiscipline(new Baselines.Ewma());
            return d::update;
        }));
        return rows;
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>(rows.get(0).perSeries().keySet());
        out.append(String.format(Locale.ROOT, "%-30s %8s", "detector", "NAB"));
        for (String name : names) {
            out.append(String.format(Locale.ROOT, " %14s", name.replace("Twitter_volume_", "")));
        }
        out.append(String.format(
                Locale.ROOT, " %9s %5s %5s %12s %12s%n", "raw", "TP", "FP", "delay/start", "delay/centre"));
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-30s %8.1f", row.detector(), row.normalised()));
            for (String name : names) {
                NabScorer.Result r = row.perSeries().get(name);
                out.append(String.format(
                        Locale.ROOT,
                        " %5.1f (%d/%d,%d)",
                        r.normalised(),
                        r.detected(),
                        r.windows(),
                        r.falsePositives()));
            }
            out.append(String.format(
                    Locale.ROOT,
                    " %9.2f %2d/%2d %5d %12s %12s%n",
                    row.raw(),
                    row.detected(),
                    row.windows(),
                    row.falsePositives(),
                    hours(row.medianDelayRows()),
                    hours(row.medianCentreDelayRows())));
        }
        return out.toString();
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

    /** Rows of 5 minutes as hours. */
    static String hours(double rows) {
        return Double.isNaN(rows) ? "-" : String.format(Locale.ROOT, "%+.1f h", rows * 5 / 60.0);
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : NabData.DEFAULT_DIR;
        System.out.print(table(evaluateAll(NabData.load(dir))));
    }
}
