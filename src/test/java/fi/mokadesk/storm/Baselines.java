package fi.mokadesk.storm;

import java.time.Duration;
import java.time.Instant;

/**
 * Two simple reference detectors, measured by the same scorer as {@link StormDetector}. Both
 * get a storm discipline like the real detector's (an alarm only when a storm opens, the storm
 * ends after an hour without excess, then a cool-down during which new excess raises no alarm),
 * so the comparison is mostly about how the excess is judged. Their cool-down is 12 hours, the
 * best for them of 0, 12 and 24 hours on the NAB Twitter series.
 */
final class Baselines {

    private Baselines() {}

    /** A detector that says, for each bucket, whether it is in excess. */
    interface ExcessRule {
        boolean excess(Instant bucketStart, long count);
    }

    /**
     * Fixed threshold: the limit is {@code mean + k sd} of the first {@code calibration} buckets
     * (the calibration stretch raises no alarm) and never changes afterwards.
     */
    static final class FixedThreshold implements ExcessRule {
        private final int calibration;
        private final double k;
        private int seen;
        private double sum;
        private double sumSquares;
        private double limit = Double.POSITIVE_INFINITY;

        FixedThreshold(int calibration, double k) {
            this.calibration = calibration;
            this.k = k;
        }

        @Override
        public boolean excess(Instant bucketStart, long count) {
            if (seen < calibration) {
                seen++;
                sum += count;
                sumSquares += (double) count * count;
                if (seen == calibration) {
                    double mean = sum / seen;
                    double sd = Math.sqrt(Math.max(sumSquares / seen - mean * mean, 0));
                    limit = mean + k * Math.max(sd, 0.5);
                }
                return false;
            }
            return count > limit;
        }
    }

    /**
     * EWMA + k sigma: exponentially weighted mean and variance (half-life 3 hours of 5-minute
     * buckets); a bucket is in excess above {@code mean + k sd}.
     */
    static final class Ewma implements ExcessRule {
        static final double ALPHA = 1 - Math.pow(0.5, 1.0 / 36);
        private final double k;
        private long seen;
        private double mean;
        private double variance;

        Ewma(double k) {
            this.k = k;
        }

        @Override
        public boolean excess(Instant bucketStart, long count) {
            boolean excess = false;
            if (seen == 0) {
                mean = count;
            } else {
                double sd = Math.sqrt(variance);
                excess = seen >= 12 && count > mean + k * Math.max(sd, 0.5);
                double delta = count - mean;
                mean += ALPHA * delta;
                variance = (1 - ALPHA) * (variance + ALPHA * delta * delta);
            }
            seen++;
            return excess;
        }
    }

    /** Turns per-bucket excess into storm alarms with the same discipline as the detector. */
    static final class AlarmDiscipline {
        private final ExcessRule rule;
        private final long calmBuckets;
        private final long coolDownSeconds;
        private boolean open;
        private int calm;
        private long coolDownUntil = Long.MIN_VALUE;

        AlarmDiscipline(ExcessRule rule, StormDetector.Settings settings) {
            this.rule = rule;
            this.calmBuckets = settings.calm().getSeconds() / settings.bucket().getSeconds();
            this.coolDownSeconds = settings.coolDown().getSeconds();
        }

        AlarmDiscipline(ExcessRule rule) {
            this(rule, StormDetector.Settings.defaults().withCoolDown(Duration.ofHours(12)));
        }

        boolean update(Instant bucketStart, long count) {
            boolean excess = rule.excess(bucketStart, count);
            long second = bucketStart.getEpochSecond();
            if (open) {
                calm = excess ? 0 : calm + 1;
                if (calm >= calmBuckets) {
                    open = false;
                    coolDownUntil = second + coolDownSeconds;
                }
                return false;
            }
            if (excess) {
                open = true;
                calm = 0;
                return second >= coolDownUntil;
            }
            return false;
        }
    }
}
