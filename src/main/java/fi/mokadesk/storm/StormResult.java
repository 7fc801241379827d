package fi.mokadesk.storm;

import java.time.Instant;

/**
 * What the detector concluded about one bucket of one series.
 *
 * @param bucketStart start of the bucket
 * @param count observed count in the bucket
 * @param expected expected count for this bucket (seasonal baseline times recent level)
 * @param upperBand count above which this bucket alone would open a storm
 * @param score surprise of the bucket in [0, 1): 0 when the count is at or below the
 *     expectation, 0.5 exactly at the alarm threshold, approaching 1 for extreme bursts
 * @param alarm true only for the bucket that opens a new storm (one per storm)
 * @param storm the storm in progress after this bucket (its onset, magnitude and band), or
 *     {@code null} when the series is calm
 */
public record StormResult(
        Instant bucketStart,
        long count,
        double expected,
        double upperBand,
        double score,
        boolean alarm,
        StormAlarm storm) {

    /** Whether a storm is in progress after this bucket. */
    public boolean inStorm() {
        return storm != null;
    }
}
