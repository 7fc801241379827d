package fi.mokadesk.storm;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores binary alarms the way the Numenta Anomaly Benchmark scores detections, standard profile
 * (true positive weight 1, false positive weight 0.11, false negative weight 1).
 *
 * <ul>
 *   <li>Rows in the probationary period (the first {@code min(floor(0.15 n), 750)} rows) are
 *       ignored, alarms and windows alike; a window lying wholly in it is not counted.
 *   <li>Within a window of {@code w} rows ending at row {@code r}, an alarm at row {@code i} sits
 *       at relative position {@code p = -(r - i + 1) / w} and is worth {@code S(p) / S(-1)} where
 *       {@code S(p) = 2 / (1 + e^{5p}) - 1}: exactly 1 at the window's first row, close to 0 at
 *       its last. Only the best (that is, the first) alarm of a window counts; a window with none
 *       costs 1.
 *   <li>An alarm outside every window costs {@code 0.11 * S(p)} with {@code p} the distance to
 *       the end of the previous window divided by that window's width minus one, and the full
 *       0.11 when no window precedes it or {@code p >= 3}.
 * </ul>
 */
final class NabScorer {

    static final double TP_WEIGHT = 1.0;
    static final double FP_WEIGHT = 0.11;
    static final double FN_WEIGHT = 1.0;

    /** A labelled window, inclusive row indices. */
    record Window(int first, int last) {}

    /**
     * Outcome for one file.
     *
     * @param raw raw score (sum of window scores and false-positive costs)
     * @param windows windows counted (not wholly in the probationary period)
     * @param detected windows with at least one alarm
     * @param falsePositives alarms outside every window, after the probationary period
     * @param delays rows from each detected window's first row to its first alarm
     * @param centreDelays rows from each detected window's centre (where NAB puts the labelled
     *     anomaly) to its first alarm; negative when the alarm came before the centre
     */
    record Result(
            double raw,
            int windows,
            int detected,
            int falsePositives,
            List<Integer> delays,
            List<Double> centreDelays) {
        double nullScore() {
            return -FN_WEIGHT * windows;
        }

        double perfectScore() {
            return TP_WEIGHT * windows;
        }

        double normalised() {
            return normalise(raw, nullScore(), perfectScore());
        }
    }

    private NabScorer() {}

    static int probationaryLength(int rows) {
        return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
    }

    static double scaledSigmoid(double position) {
        if (position >= 3.0) {
            return -1.0;
        }
        return 2 / (1 + Math.exp(5 * position)) - 1.0;
    }

    static double normalise(double raw, double nullScore, double perfectScore) {
        return 100 * (raw - nullScore) / (perfectScore - nullScore);
    }

    static Result score(boolean[] alarms, List<Window> windows) {
        int rows = alarms.length;
        int probation = probationaryLength(rows);
        double maxTp = scaledSigmoid(-1.0);
        double fpScore = 0;
        int falsePositives = 0;
        double windowScores = 0;
        int counted = 0;
        int detected = 0;
        List<Integer> delays = new ArrayList<>();
        List<Double> centreDelays = new ArrayList<>();

        Window previous = null;
        int next = 0;
        List<Window> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> Integer.compare(a.first(), b.first()));
        Window current = null;
        double best = Double.NaN;
        int firstAlarm = -1;
        for (int i = 0; i < rows; i++) {
            if (current == null && next < sorted.size() && sorted.get(next).first() == i) {
                current = sorted.get(next++);
                best = Double.NaN;
                firstAlarm = -1;
            }
            boolean scored = i >= probation;
            if (current != null) {
                if (scored && alarms[i]) {
                    double width = current.last() - current.first() + 1;
                    double position = -(current.last() - i + 1) / width;
                    double value = scaledSigmoid(position) * TP_WEIGHT / maxTp;
                    if (Double.isNaN(best) || value > best) {
                        best = value;
                    }
                    if (firstAlarm < 0) {
                        firstAlarm = i;
                    }
                }
                if (i == current.last()) {
                    if (current.last() >= probation) {
                        counted++;
                        if (Double.isNaN(best)) {
                            windowScores -= FN_WEIGHT;
                        } else {
                            windowScores += best;
                            detected++;
                            delays.add(firstAlarm - current.first());
                            centreDelays.add(firstAlarm - (current.first() + current.last()) / 2.0);
                        }
                    }
                    previous = current;
                    current = null;
                }
            } else if (scored && alarms[i]) {
                double position = previous == null
                        ? 3.0
                        : Math.abs(previous.last() - i) / (double) (previous.last() - previous.first());
                fpScore += scaledSigmoid(position) * FP_WEIGHT;
                falsePositives++;
            }
        }
        if (current != null) {
            throw new IllegalArgumentException("window " + current + " runs past the end of the series");
        }
        return new Result(windowScores + fpScore, counted, detected, falsePositives, delays, centreDelays);
    }
}
