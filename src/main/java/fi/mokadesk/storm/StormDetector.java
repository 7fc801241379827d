package fi.mokadesk.storm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Online storm detector for one count series (mentions, negative mentions, one channel, one
 * keyword rule...). Feed it one bucket at a time, oldest first; each call decides about that
 * bucket using only the buckets seen so far, so the result never changes when later data
 * arrives.
 *
 * <p>Model. The expected count of a bucket is a recent level (an exponentially weighted mean of
 * the de-seasonalised counts, half-life a few hours) times an hour-of-day factor and a
 * day-of-week factor, both learned online and shrunk towards 1 while they have seen little
 * data. Counts are treated as negative binomial around that expectation: the variance is
 * {@code mu * (1 + phi * mu)} with the over-dispersion {@code phi} learned online, widened
 * further while the level rests on few buckets (cold start). Surprise is measured with the
 * signed deviance residual of the count, which stays well calibrated for counts of 0 to 5
 * where a Gaussian z-score is not.
 *
 * <p>Decision. A storm opens when one bucket is far above its band, or when a run of buckets is
 * moderately above it (a one-sided CUSUM of the residuals); it stays open until the residuals
 * have been calm for a while, and a cool-down after it keeps a relapse inside the same storm.
 * Only the opening bucket raises an alarm; buckets of an open storm are learned only up to
 * their band, so a storm does not teach the detector that storms are normal.
 *
 * <p>An instance holds a few dozen numbers and is not thread-safe; keep one per series and
 * confine each to one thread at a time.
 */
public final class StormDetector {

    /**
     * Tuning of the detector. The defaults suit 5-minute buckets of social-media mentions; the
     * same values are used for every series, from a few mentions a day to hundreds per bucket.
     *
     * @param bucket bucket length; the learning rates are expressed in hours and days and
     *     converted with it
     * @param zone time zone in which hour of day and day of week are taken
     * @param onsetZ residual (in standard deviations) at which one bucket alone opens a storm
     * @param cusumSlack residual per bucket that the run detector tolerates without growing
     * @param cusumLimit accumulated excess residual at which a run of buckets opens a storm
     * @param minCount smallest bucket count that may open a storm (avoids storms of two
     *     messages)
     * @param calm duration of calm buckets after which an open storm ends
     * @param coolDown time after a storm's end during which a new burst continues that storm
     *     instead of raising a new alarm
     */
    public record Settings(
            Duration bucket,
            ZoneId zone,
            double onsetZ,
            double cusumSlack,
            double cusumLimit,
            long minCount,
            Duration calm,
            Duration coolDown) {

        public Settings {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(calm, "calm");
            Objects.requireNonNull(coolDown, "coolDown");
            if (bucket.isZero() || bucket.isNegative() || bucket.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("bucket must be between 1 second and 1 day: " + bucket);
            }
            if (!(onsetZ > 0) || !(cusumSlack >= 0) || !(cusumLimit > 0) || minCount < 0) {
                throw new IllegalArgumentException("thresholds must be positive");
            }
            if (calm.isNegative() || coolDown.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative");
            }
        }

        /** Defaults for 5-minute buckets in UTC. */
        public static Settings defaults() {
            return forBucket(Duration.ofMinutes(5));
        }

        /** Defaults for the given bucket length in UTC. */
        public static Settings forBucket(Duration bucket) {
            return new Settings(bucket, ZoneOffset.UTC, 4.0, 1.0, 8.0, 3, Duration.ofHours(1), Duration.ofHours(12));
        }

        public Settings withZone(ZoneId newZone) {
            return new Settings(bucket, newZone, onsetZ, cusumSlack, cusumLimit, minCount, calm, coolDown);
        }

        public Settings withOnsetZ(double z) {
            return new Settings(bucket, zone, z, cusumSlack, cusumLimit, minCount, calm, coolDown);
        }

        public Settings withCusum(double slack, double limit) {
            return new Settings(bucket, zone, onsetZ, slack, limit, minCount, calm, coolDown);
        }

        public Settings withMinCount(long count) {
            return new Settings(bucket, zone, onsetZ, cusumSlack, cusumLimit, count, calm, coolDown);
        }

        public Settings withCalm(Duration newCalm) {
            return new Settings(bucket, zone, onsetZ, cusumSlack, cusumLimit, minCount, newCalm, coolDown);
        }

        public Settings withCoolDown(Duration newCoolDown) {
            return new Settings(bucket, zone, onsetZ, cusumSlack, cusumLimit, minCount, calm, newCoolDown);
        }
    }

    /** Half-life of the recent level. */
    static final double LEVEL_HALF_LIFE_HOURS = 3;
    /** Memory of the hour-of-day profile, in days. */
    static final double DAILY_MEMORY_DAYS = 7;
    /** Memory of the day-of-week profile, in weeks. */
    static final double WEEKLY_MEMORY_WEEKS = 3;
    /** Memory of the over-dispersion estimate, in days. */
    static final double DISPERSION_MEMORY_DAYS = 2;
    /** Over-dispersion assumed before the series has taught anything. */
    static final double PRIOR_DISPERSION = 0.2;
    /** Buckets of history needed before any alarm. */
    static final int MIN_HISTORY_BUCKETS = 12;
    /** Residual above which a bucket is clipped before it is learned. */
    static final double LEARN_CLIP_Z = 3;
    /** Residual below which a bucket of an open storm counts as calm. */
    static final double CALM_Z = 1.5;
    /** Smallest expectation used, so that an all-zero history still gives a finite band. */
    static final double MIN_EXPECTED = 0.02;

    private static final int HOURS = 24;
    private static final int DAYS = 7;

    private final Settings settings;
    private final ZoneOffset fixedOffset;

    /** Hour-of-day factors (0..23), then day-of-week factors (Monday = 24). */
    private final float[] factors = new float[HOURS + DAYS];

    private long updates;
    private long lastSecond = Long.MIN_VALUE;
    private double level;
    private double dispersion = PRIOR_DISPERSION;
    private double cusum;

    // storm in progress (or cooling down); onsetSecond == Long.MIN_VALUE when none
    private long onsetSecond = Long.MIN_VALUE;
    private long coolDownUntil = Long.MIN_VALUE;
    private boolean open;
    private int calmBuckets;
    private int stormBuckets;
    private long peakCount;
    private double peakRatio;
    private long totalObserved;
    private double totalExpected;

    public StormDetector() {
        this(Settings.defaults());
    }

    public StormDetector(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fixedOffset = settings.zone().getRules().isFixedOffset()
                ? settings.zone().getRules().getOffset(Instant.EPOCH)
                : null;
        java.util.Arrays.fill(factors, 1f);
    }

    public Settings settings() {
        return settings;
    }

    /** Number of buckets seen so far. */
    public long updates() {
        return updates;
    }

    /**
     * Feeds the count of the next bucket and decides about it.
     *
     * @param bucketStart start of the bucket; must be later than the previous bucket's
     * @param count number of items in the bucket, not negative
     * @throws IllegalArgumentException if the count is negative or the bucket is not later than
     *     the previous one
     */
    public StormResult update(Instant bucketStart, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        long second = bucketStart.getEpochSecond();
        if (updates > 0 && second <= lastSecond) {
            throw new IllegalArgumentException("bucket " + bucketStart + " is not after the previous bucket");
        }
        lastSecond = second;

        long local = second + offsetSeconds(bucketStart);
        long day = Math.floorDiv(local, 86_400L);
        int hour = (int) (Math.floorMod(local, 86_400L) / 3_600L);
        int weekday = HOURS + (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday

        double bucketsPerHour = 3_600.0 / settings.bucket().getSeconds();
        double bucketsPerDay = 24 * bucketsPerHour;

        // ---- expectation and band, from history only
        double hourFactor = factors[hour];
        double dayFactor = factors[weekday];
        double x = count;
        double mu;
        double varianceFactor;
        double z;
        if (updates == 0) {
            mu = Math.max(x, MIN_EXPECTED);
            varianceFactor = 1 + dispersion * mu;
            z = 0;
        } else {
            mu = Math.max(level * hourFactor * dayFactor, MIN_EXPECTED);
            double levelMemory = LEVEL_HALF_LIFE_HOURS * bucketsPerHour / Math.log(2);
            double effective = Math.min(updates, levelMemory);
            varianceFactor = (1 + dispersion * mu) * (1 + 1 / effective);
            z = devianceResidual(x, mu) / Math.sqrt(varianceFactor);
        }
        double upper = upperBand(mu, settings.onsetZ() * settings.onsetZ() * varianceFactor);

        // ---- decision
        boolean alarm = false;
        StormAlarm.Phase phase = null;
        cusum = Math.max(0, cusum + z - settings.cusumSlack());
        boolean burst = updates >= MIN_HISTORY_BUCKETS
                && count >= settings.minCount()
                && (z >= settings.onsetZ() || cusum >= settings.cusumLimit());
        if (open) {
            calmBuckets = z < CALM_Z ? calmBuckets + 1 : 0;
            addToStorm(count, mu);
            phase = StormAlarm.Phase.UPDATE;
            if (calmBuckets * settings.bucket().getSeconds() >= settings.calm().getSeconds()) {
                open = false;
                phase = StormAlarm.Phase.ENDED;
                coolDownUntil = second + settings.coolDown().getSeconds();
                cusum = 0;
            }
        } else if (burst) {
            if (onsetSecond != Long.MIN_VALUE && second < coolDownUntil) {
                phase = StormAlarm.Phase.UPDATE; // relapse: the same storm flares up again
            } else {
                alarm = true;
                phase = StormAlarm.Phase.ONSET;
                onsetSecond = second;
                stormBuckets = 0;
                peakCount = 0;
                peakRatio = 0;
                totalObserved = 0;
                totalExpected = 0;
            }
            open = true;
            calmBuckets = 0;
            addToStorm(count, mu);
        }
        StormAlarm storm = phase == null
                ? null
                : new StormAlarm(
                        phase,
                        Instant.ofEpochSecond(onsetSecond),
                        bucketStart,
                        count,
                        mu,
                        upper,
                        peakCount,
                        peakRatio,
                        totalObserved,
                        totalExpected,
                        stormBuckets);

        // ---- learning, with the bucket clipped to its normal range
        double sd = Math.sqrt(mu * varianceFactor);
        double learned = updates == 0 ? x : Math.min(x, mu + LEARN_CLIP_Z * sd + 1);
        double seasonal = Math.max(hourFactor * dayFactor, 1e-3);
        if (updates == 0) {
            level = learned;
        } else {
            double levelRate = Math.max(1.0 / (updates + 1), Math.log(2) / (LEVEL_HALF_LIFE_HOURS * bucketsPerHour));
            double previousLevel = level;
            level += levelRate * (learned / seasonal - level);
            if (previousLevel > 0) {
                // hour-of-day factor: visited bucketsPerHour times a day
                double hourVisits = updates / 24.0;
                double hourRate =
                        Math.max(1.0 / (hourVisits + 2 * bucketsPerHour), 1.0 / (DAILY_MEMORY_DAYS * bucketsPerHour));
                double hourRatio = Math.min(learned / (previousLevel * dayFactor), 20);
                factors[hour] = (float) (hourFactor + hourRate * (hourRatio - hourFactor));
                double dayVisits = updates / 7.0;
                double dayRate =
                        Math.max(1.0 / (dayVisits + bucketsPerDay), 1.0 / (WEEKLY_MEMORY_WEEKS * bucketsPerDay));
                double dayRatio = Math.min(learned / (previousLevel * hourFactor), 20);
                factors[weekday] = (float) (dayFactor + dayRate * (dayRatio - dayFactor));
            }
            double dispersionRate = Math.max(1.0 / (updates + 24), 1.0 / (DISPERSION_MEMORY_DAYS * bucketsPerDay));
            double excess = ((learned - mu) * (learned - mu) - mu) / (mu * mu);
            excess = Math.max(-1, Math.min(excess, 4));
            dispersion = Math.max(0, dispersion + dispersionRate * (excess - dispersion));
        }
        updates++;

        double positive = Math.max(z, 0);
        double score = positive / (positive + settings.onsetZ());
        return new StormResult(bucketStart, count, mu, upper, score, alarm, storm);
    }

    private void addToStorm(long count, double mu) {
        stormBuckets++;
        peakCount = Math.max(peakCount, count);
        peakRatio = Math.max(peakRatio, count / mu);
        totalObserved += count;
        totalExpected += mu;
    }

    private long offsetSeconds(Instant instant) {
        if (fixedOffset != null) {
            return fixedOffset.getTotalSeconds();
        }
        return settings.zone().getRules().getOffset(instant).getTotalSeconds();
    }

    /** Signed square root of the Poisson deviance of {@code x} against mean {@code mu}. */
    static double devianceResidual(double x, double mu) {
        double deviance = x > 0 ? 2 * (x * Math.log(x / mu) - (x - mu)) : 2 * mu;
        double r = Math.sqrt(Math.max(deviance, 0));
        return x >= mu ? r : -r;
    }

    /** Count above {@code mu} whose Poisson deviance equals {@code target}. */
    static double upperBand(double mu, double target) {
        double x = mu + Math.sqrt(target * mu) + target / 3 + 1e-9;
        for (int i = 0; i < 6; i++) {
            double f = 2 * (x * Math.log(x / mu) - (x - mu)) - target;
            double slope = 2 * Math.log(x / mu);
            double next = x - f / slope;
            if (!(next > mu)) {
                next = (x + mu) / 2;
            }
            if (Math.abs(next - x) < 1e-6 * x) {
                return next;
            }
            x = next;
        }
        return x;
    }
}
