package fi.mokadesk.storm;

import java.time.Instant;

/**
 * A storm: a burst of activity well above what the series normally shows at that time of day
 * and week. The first bucket of a storm raises the alarm; later buckets of the same storm
 * carry an updated copy (phase {@link Phase#UPDATE}) so the desk can show it growing, and the
 * bucket where it calms down carries the final copy (phase {@link Phase#ENDED}).
 *
 * <p>The alarm deliberately carries only numbers about the series. Integration code that knows
 * which messages fell into the buckets (top terms, most reacted messages) attaches them next
 * to the alarm, keyed by the series and {@link #onset()}.
 *
 * @param phase where the storm is in its life
 * @param onset start of the bucket that opened the storm
 * @param lastBucket start of the most recent bucket of the storm
 * @param observed count in the most recent bucket
 * @param expected expected count in the most recent bucket
 * @param upperBand alarm band (upper end of the normal range) in the most recent bucket
 * @param peakCount largest bucket count seen during the storm
 * @param peakRatio largest observed / expected ratio seen during the storm
 * @param totalObserved sum of the counts of the storm's buckets
 * @param totalExpected sum of the expectations of the storm's buckets
 * @param buckets number of buckets in the storm so far
 */
public record StormAlarm(
        Phase phase,
        Instant onset,
        Instant lastBucket,
        long observed,
        double expected,
        double upperBand,
        long peakCount,
        double peakRatio,
        long totalObserved,
        double totalExpected,
        int buckets) {

    /** Life cycle of a storm. */
    public enum Phase {
        /** The bucket that opened the storm. */
        ONSET,
        /** A later bucket of a storm still in progress. */
        UPDATE,
        /** The storm has calmed down; this is its final summary. */
        ENDED
    }

    /** Observed / expected for the most recent bucket. */
    public double magnitude() {
        return observed / Math.max(expected, 1e-9);
    }

    /** Observed / expected summed over the whole storm so far. */
    public double totalMagnitude() {
        return totalObserved / Math.max(totalExpected, 1e-9);
    }
}
