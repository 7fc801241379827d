package fi.mokadesk.storm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;

/**
 * Online storm detector for one count series (all mentions, negative mentions, one channel, one
 * keyword rule, ...). Feed it one bucket at a time, oldest first; each call decides about that
 * bucket using only the buckets seen so far, so a result never changes when later data arrives.
 *
 * <p><b>Expectation.</b> The expected count of a bucket is a recent level (an exponentially
 * weighted mean of de-seasonalised counts, half-life three hours) times an hour-of-day factor
 * and a day-of-week factor, both learned online and starting at 1, so a new series works from
 * its first buckets and picks up its daily and weekly rhythm as it goes. Counts are treated as
 * negative binomial around the expectation: variance {@code mu (1 + phi mu)}, with the
 * over-dispersion {@code phi} learned online and the variance widened while the level rests on
 * few buckets.
 *
 * <p><b>Surprise.</b> Two residuals are computed, both as signed Poisson deviance residuals
 * scaled by the over-dispersion (well behaved for counts of 0 to 5, where a Gaussian z-score is
 * not): the current bucket against the recent expectation (sudden bursts), and the last three
 * hours against a slow, day-long baseline (storms that build up gradually). Each is divided by
 * the series' <i>burstiness</i>: how far its typical daily peak exceeds what a day of
 * well-behaved noise would give. A series that has a few sharp blips every day therefore needs a
 * bigger blip to raise an alarm than a quiet one.
 *
 * <p><b>Decision.</b> A storm opens when either residual reaches {@link Settings#onsetZ()} and
 * the count is at least {@link Settings#minCount()}. It ends after {@link Settings#calm()}
 * without excess; during the following {@link Settings#coolDown()} a new burst no stronger than
 * the storm's peak continues the same storm instead of raising a new alarm. Only the opening
 * bucket raises an alarm. Buckets are learned only up to their band, so a storm does not teach
 * the detector that storms are normal.
 *
 * <p>An instance holds about forty numbers (a few hundred bytes) and is not thread-safe: keep
 * one per series and confine each to one thread at a time.
 */
public final class StormDetector {

    /**
     * Tuning of the detector. The defaults suit buckets of a few minutes of social-media
     * mentions; the same values serve every series, from a few mentions a day to hundreds per
     * bucket.
     *
     * @param bucket bucket length; learning rates are set in hours and days and converted with it
     * @param zone time zone in which hour of day and day of week are taken
     * @param onsetZ burstiness-adjusted residual at which a storm opens (score 0.5)
     * @param minCount smallest count (bucket, or recent total for slow storms) that may open a
     *     storm, so that two messages never make a storm
     * @param calm time without excess after which an open storm ends
     * @param coolDown time after a storm's end during which a burst no stronger than the storm's
     *     peak continues that storm instead of raising a new alarm
     */
    public record Settings(
            Duration bucket, ZoneId zone, double onsetZ, long minCount, Duration calm, Duration coolDown) {

        public Settings {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(calm, "calm");
            Objects.requireNonNull(coolDown, "coolDown");
            if (bucket.getSeconds() < 1 || bucket.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("bucket must be between 1 second and 1 day: " + bucket);
            }
            if (!(onsetZ > 0) || Double.isInfinite(onsetZ)) {
                throw new IllegalArgumentException("onsetZ must be a positive number: " + onsetZ);
            }
            if (minCount < 0) {
                throw new IllegalArgumentException("minCount must not be negative: " + minCount);
            }
            if (calm.isNegative() || coolDown.isNegative()) {
                throw new IllegalArgumentException("calm and coolDown must not be negative");
            }
        }

        /** Defaults for 5-minute buckets in UTC. */
        public static Settings defaults() {
            return forBucket(Duration.ofMinutes(5));
        }

        /** Defaults for the given bucket length, in UTC. */
        public static Settings forBucket(Duration bucket) {
            return new Settings(bucket, ZoneOffset.UTC, 7.0, 3, Duration.ofHours(1), Duration.ofHours(24));
        }

        public Settings withZone(ZoneId newZone) {
            return new Settings(bucket, newZone, onsetZ, minCount, calm, coolDown);
        }

        public Settings withOnsetZ(double newOnsetZ) {
            return new Settings(bucket, zone, newOnsetZ, minCount, calm, coolDown);
        }

        public Settings withMinCount(long newMinCount) {
            return new Settings(bucket, zone, onsetZ, newMinCount, calm, coolDown);
        }

        public Settings withCalm(Duration newCalm) {
            return new Settings(bucket, zone, onsetZ, minCount, newCalm, coolDown);
        }

        public Settings withCoolDown(Duration newCoolDown) {
            return new Settings(bucket, zone, onsetZ, minCount, calm, newCoolDown);
        }
    }

    /** Half-life of the recent level, in hours. */
    static final double LEVEL_HALF_LIFE_HOURS = 3;
    /** Half-life of the slow level against which gradual storms are judged, in hours. */
    static final double SLOW_HALF_LIFE_HOURS = 24;
    /** Time scale of the gradual-storm residual, in hours. */
    static final double RECENT_HOURS = 3;
    /** Time scale of the short-run residual, in hours. */
    static final double SHORT_HOURS = 0.5;
    /** Relative error allowed in the expectation while the daily rhythm is still unknown. */
    static final double COLD_START_SPREAD = 0.5;
    /** Memory of the hour-of-day profile, in days. */
    static final double DAILY_MEMORY_DAYS = 7;
    /** Memory of the day-of-week profile, in weeks. */
    static final double WEEKLY_MEMORY_WEEKS = 3;
    /** Memory of the over-dispersion estimate, in days. */
    static final double DISPERSION_MEMORY_DAYS = 2;
    /** Over-dispersion assumed before the series has shown its own. */
    static final double PRIOR_DISPERSION = 0.2;
    /** Memory of the typical daily peak, in days. */
    static final double PEAK_MEMORY_DAYS = 7;
    /** A single day's peak counts at most this multiple of the typical one (storm days). */
    static final double PEAK_CLIP = 2;
    /** Buckets of history needed before any alarm. */
    static final int MIN_HISTORY_BUCKETS = 12;
    /** Residual above which a bucket is clipped before it is learned. */
    static final double LEARN_CLIP_Z = 3;
    /** Adjusted residual below which a bucket of an open storm counts as calm. */
    static final double CALM_Z = 1.5;
    /** Smallest expectation used, so that an all-zero history still gives a finite band. */
    static final double MIN_EXPECTED = 0.02;

    private static final double LN2 = 0.6931471805599453;
    private static final int HOURS = 24;
    private static final int DAYS = 7;

    private final Settings settings;
    private final ZoneOffset fixedOffset;
    private final double bucketsPerHour;
    /** Typical daily peak of each residual for well-behaved noise: sqrt(2 ln n), n values a day. */
    private final double bucketCalmPeak;

    private final double shortCalmPeak;
    private final double recentCalmPeak;

    /** Hour-of-day factors (0..23), then day-of-week factors (Monday at 24). */
    private final float[] factors = new float[HOURS + DAYS];
    /** Typical daily peak of the one-bucket residual. */
    private final PeakScale bucketPeaks = new PeakScale();
    /** Typical daily peak of the gradual-storm residual. */
    private final PeakScale recentPeaks = new PeakScale();
    /** Typical daily peak of the short-run residual. */
    private final PeakScale shortPeaks = new PeakScale();

    private long updates;
    private long lastSecond;
    private long today = Long.MIN_VALUE;
    private double level;
    private double slowLevel;
    private double dispersion = PRIOR_DISPERSION;
    /** Exponentially weighted counts and slow expectations over the last few hours. */
    private double recentCount;

    private double recentExpected;
    /** The same over the last half hour or so, against the recent level. */
    private double shortCount;

    private double shortExpected;

    // the current (or cooling-down) storm; onsetSecond == Long.MIN_VALUE before the first one
    private long onsetSecond = Long.MIN_VALUE;
    private long coolDownUntil = Long.MIN_VALUE;
    private boolean open;
    private int calmBuckets;
    private int stormBuckets;
    private long peakCount;
    private double peakRatio;
    private double peakStrength;
    private long totalObserved;
    private double totalExpected;

    /** A detector with {@link Settings#defaults()}. */
    public StormDetector() {
        this(Settings.defaults());
    }

    public StormDetector(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fixedOffset = settings.zone().getRules().isFixedOffset()
                ? settings.zone().getRules().getOffset(Instant.EPOCH)
                : null;
        this.bucketsPerHour = 3_600.0 / settings.bucket().getSeconds();
        this.bucketCalmPeak = calmPeak(24 * bucketsPerHour);
        this.shortCalmPeak = calmPeak(24 / SHORT_HOURS);
        this.recentCalmPeak = calmPeak(24 / RECENT_HOURS);
        Arrays.fill(factors, 1f);
    }

    public Settings settings() {
        return settings;
    }

    /** Number of buckets seen so far. */
    public long updates() {
        return updates;
    }

    /** Whether a storm is open after the last bucket. */
    public boolean inStorm() {
        return open;
    }

    /** Format version of {@link #snapshot()}. */
    private static final byte SNAPSHOT_VERSION = 1;

    /**
     * The detector's learned state in a compact binary form (about 300 bytes), so a series can be
     * kept in a database between buckets. {@link #restore(Settings, byte[])} with the same settings
     * gives a detector whose results are exactly those of this one.
     */
    public byte[] snapshot() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(320);
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(SNAPSHOT_VERSION);
            out.writeLong(settings.bucket().getSeconds());
            for (float f : factors) out.writeFloat(f);
            for (PeakScale p : new PeakScale[] {bucketPeaks, recentPeaks, shortPeaks}) {
                out.writeDouble(p.typical);
                out.writeDouble(p.today);
                out.writeInt(p.days);
            }
            out.writeLong(updates);
            out.writeLong(lastSecond);
            out.writeLong(today);
            out.writeDouble(level);
            out.writeDouble(slowLevel);
            out.writeDouble(dispersion);
            out.writeDouble(recentCount);
            out.writeDouble(recentExpected);
            out.writeDouble(shortCount);
            out.writeDouble(shortExpected);
            out.writeLong(onsetSecond);
            out.writeLong(coolDownUntil);
            out.writeBoolean(open);
            out.writeInt(calmBuckets);
            out.writeInt(stormBuckets);
            out.writeLong(peakCount);
            out.writeDouble(peakRatio);
            out.writeDouble(peakStrength);
            out.writeLong(totalObserved);
            out.writeDouble(totalExpected);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A detector continuing from a {@link #snapshot()}.
     *
     * @throws IllegalArgumentException if the snapshot is malformed or was taken with another
     *     bucket length
     */
    public static StormDetector restore(Settings settings, byte[] snapshot) {
        StormDetector d = new StormDetector(settings);
        try (java.io.DataInputStream in =
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(Objects.requireNonNull(snapshot)))) {
            if (in.readByte() != SNAPSHOT_VERSION) {
                throw new IllegalArgumentException("unknown detector snapshot version");
            }
            if (in.readLong() != settings.bucket().getSeconds()) {
                throw new IllegalArgumentException("snapshot was taken with another bucket length");
            }
            for (int i = 0; i < d.factors.length; i++) d.factors[i] = in.readFloat();
            for (PeakScale p : new PeakScale[] {d.bucketPeaks, d.recentPeaks, d.shortPeaks}) {
                p.typical = in.readDouble();
                p.today = in.readDouble();
                p.days = in.readInt();
            }
            d.updates = in.readLong();
            d.lastSecond = in.readLong();
            d.today = in.readLong();
            d.level = in.readDouble();
            d.slowLevel = in.readDouble();
            d.dispersion = in.readDouble();
            d.recentCount = in.readDouble();
            d.recentExpected = in.readDouble();
            d.shortCount = in.readDouble();
            d.shortExpected = in.readDouble();
            d.onsetSecond = in.readLong();
            d.coolDownUntil = in.readLong();
            d.open = in.readBoolean();
            d.calmBuckets = in.readInt();
            d.stormBuckets = in.readInt();
            d.peakCount = in.readLong();
            d.peakRatio = in.readDouble();
            d.peakStrength = in.readDouble();
            d.totalObserved = in.readLong();
            d.totalExpected = in.readDouble();
            if (in.available() != 0) throw new IllegalArgumentException("trailing bytes in detector snapshot");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("malformed detector snapshot", e);
        }
        return d;
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
        double bucketsPerDay = 24 * bucketsPerHour;
        double x = count;
        boolean first = updates == 0;

        // ---- expectations, from history only
        double hourFactor = factors[hour];
        double dayFactor = factors[weekday];
        double seasonal = Math.max(hourFactor * dayFactor, 1e-3);
        double mu = first ? Math.max(x, MIN_EXPECTED) : Math.max(level * seasonal, MIN_EXPECTED);
        double slowMu = first ? mu : Math.max(slowLevel * seasonal, MIN_EXPECTED);
        double levelMemory = LEVEL_HALF_LIFE_HOURS * bucketsPerHour / LN2;
        // in the first day the daily rhythm is unknown: allow the expectation to be off by half
        double unknownRhythm = COLD_START_SPREAD * Math.max(0, 1 - updates / bucketsPerDay);
        double phi = dispersion + unknownRhythm * unknownRhythm;
        double varianceFactor = (1 + phi * mu) * (1 + 1 / Math.max(1, Math.min(updates, levelMemory)));

        // ---- residuals: this bucket against the recent level, the last hours against the slow one
        double recentRate = 1 / (RECENT_HOURS * bucketsPerHour);
        recentCount = recentCount * (1 - recentRate) + x;
        recentExpected = recentExpected * (1 - recentRate) + slowMu;
        double shortRate = 1 / Math.max(1, SHORT_HOURS * bucketsPerHour);
        shortCount = shortCount * (1 - shortRate) + x;
        shortExpected = shortExpected * (1 - shortRate) + mu;
        double bucketZ = first ? 0 : devianceResidual(x, mu) / Math.sqrt(varianceFactor);
        // an exponentially weighted sum has about half the variance of a plain sum of its weight
        double recentZ =
                first ? 0 : devianceResidual(recentCount, recentExpected) / Math.sqrt(0.5 * (1 + phi * slowMu));
        double shortZ = first ? 0 : devianceResidual(shortCount, shortExpected) / Math.sqrt(0.5 * varianceFactor);

        // ---- burstiness: residuals relative to what a typical day of this series reaches
        if (day != today) {
            if (today != Long.MIN_VALUE && updates >= bucketsPerDay / 2) {
                bucketPeaks.closeDay();
                recentPeaks.closeDay();
                shortPeaks.closeDay();
            }
            today = day;
        }
        double bucketBurstiness = bucketPeaks.burstiness(bucketZ, bucketCalmPeak);
        double recentBurstiness = recentPeaks.burstiness(recentZ, recentCalmPeak);
        double bucketStrength = bucketZ / bucketBurstiness;
        double recentStrength = recentZ / recentBurstiness;
        double shortBurstiness = shortPeaks.burstiness(shortZ, shortCalmPeak);
        double shortStrength = shortZ / shortBurstiness;
        double strength = Math.max(bucketStrength, Math.max(recentStrength, shortStrength));
        double bandZ = settings.onsetZ() * bucketBurstiness;
        double upper = Math.max(upperBand(mu, bandZ * bandZ * varianceFactor), settings.minCount());

        // ---- decision
        boolean burst = updates >= MIN_HISTORY_BUCKETS
                && ((bucketStrength >= settings.onsetZ() && count >= settings.minCount())
                        || (shortStrength >= settings.onsetZ() && shortCount >= settings.minCount())
                        || (recentStrength >= settings.onsetZ()
                                && recentCount >= settings.minCount()
                                && updates >= bucketsPerDay));
        boolean alarm = false;
        StormAlarm.Phase phase = null;
        if (open) {
            // calm is judged on the last half hour: the slow residual lingers long after a burst
            calmBuckets = Math.max(bucketStrength, shortStrength) < CALM_Z ? calmBuckets + 1 : 0;
            addToStorm(count, mu, strength);
            phase = StormAlarm.Phase.UPDATE;
            if (calmBuckets * settings.bucket().getSeconds() >= settings.calm().getSeconds()) {
                open = false;
                phase = StormAlarm.Phase.ENDED;
                coolDownUntil = second + settings.coolDown().getSeconds();
            }
        } else if (burst) {
            if (onsetSecond != Long.MIN_VALUE && second < coolDownUntil && strength <= peakStrength) {
                phase = StormAlarm.Phase.UPDATE; // the same storm flaring up again, no stronger
            } else {
                alarm = true;
                phase = StormAlarm.Phase.ONSET;
                onsetSecond = second;
                stormBuckets = 0;
                peakCount = 0;
                peakRatio = 0;
                peakStrength = 0;
                totalObserved = 0;
                totalExpected = 0;
            }
            open = true;
            calmBuckets = 0;
            addToStorm(count, mu, strength);
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

        learn(x, mu, slowMu, varianceFactor, hour, weekday);

        double positive = Math.max(strength, 0);
        double score = positive / (positive + settings.onsetZ());
        return new StormResult(bucketStart, count, mu, upper, score, alarm, storm);
    }

    /** Updates levels, seasonal factors and dispersion with the bucket clipped to its band. */
    private void learn(double x, double mu, double slowMu, double varianceFactor, int hour, int weekday) {
        if (updates++ == 0) {
            level = x;
            slowLevel = x;
            return;
        }
        double hourFactor = factors[hour];
        double dayFactor = factors[weekday];
        double seasonal = Math.max(hourFactor * dayFactor, 1e-3);
        double learned = Math.min(x, mu + LEARN_CLIP_Z * Math.sqrt(mu * varianceFactor) + 1);
        double slowLearned = Math.min(x, slowMu + LEARN_CLIP_Z * Math.sqrt(slowMu * varianceFactor) + 1);
        double bucketsPerDay = 24 * bucketsPerHour;

        double levelRate = Math.max(1.0 / updates, LN2 / (LEVEL_HALF_LIFE_HOURS * bucketsPerHour));
        double slowRate = Math.max(1.0 / updates, LN2 / (SLOW_HALF_LIFE_HOURS * bucketsPerHour));
        double previousLevel = level;
        level += levelRate * (learned / seasonal - level);
        slowLevel += slowRate * (slowLearned / seasonal - slowLevel);

        if (previousLevel > 0) {
            // each hour slot is visited bucketsPerHour times a day, each weekday slot bucketsPerDay
            // times a week; both start with the weight of one visit-day at factor 1
            double hourVisits = updates / 24.0;
            double hourRate =
                    Math.max(1.0 / (hourVisits + 2 * bucketsPerHour), 1.0 / (DAILY_MEMORY_DAYS * bucketsPerHour));
            double hourRatio = Math.min(learned / (previousLevel * dayFactor), 20);
            factors[hour] = (float) (hourFactor + hourRate * (hourRatio - hourFactor));
            double dayVisits = updates / 7.0;
            double dayRate = Math.max(1.0 / (dayVisits + bucketsPerDay), 1.0 / (WEEKLY_MEMORY_WEEKS * bucketsPerDay));
            double dayRatio = Math.min(learned / (previousLevel * hourFactor), 20);
            factors[weekday] = (float) (dayFactor + dayRate * (dayRatio - dayFactor));
        }

        double dispersionRate = Math.max(1.0 / (updates + 24), 1.0 / (DISPERSION_MEMORY_DAYS * bucketsPerDay));
        double excess = ((learned - mu) * (learned - mu) - mu) / (mu * mu);
        excess = Math.max(-1, Math.min(excess, 4));
        dispersion = Math.max(0, dispersion + dispersionRate * (excess - dispersion));
    }

    private void addToStorm(long count, double mu, double strength) {
        stormBuckets++;
        peakCount = Math.max(peakCount, count);
        peakRatio = Math.max(peakRatio, count / mu);
        peakStrength = Math.max(peakStrength, strength);
        totalObserved += count;
        totalExpected += mu;
    }

    private long offsetSeconds(Instant instant) {
        if (fixedOffset != null) {
            return fixedOffset.getTotalSeconds();
        }
        return settings.zone().getRules().getOffset(instant).getTotalSeconds();
    }

    /**
     * Typical daily peak of a residual, learned over about a week. Dividing residuals by it makes
     * a series whose every day has a few sharp blips need a bigger blip to alarm than a series
     * whose noise is as calm as the count model says.
     */
    private static final class PeakScale {
        private double typical = Double.NaN;
        private double today;
        private int days;

        /** Records {@code z} for today and returns the current burstiness (at least 1). */
        double burstiness(double z, double calmPeak) {
            today = Math.max(today, z);
            return Double.isNaN(typical) ? 1 : Math.max(1, typical / calmPeak);
        }

        void closeDay() {
            double observed = Double.isNaN(typical) ? today : Math.min(today, PEAK_CLIP * typical);
            days++;
            typical = Double.isNaN(typical)
                    ? observed
                    : typical + Math.max(1.0 / days, 1.0 / PEAK_MEMORY_DAYS) * (observed - typical);
            today = 0;
        }
    }

    private static double calmPeak(double valuesPerDay) {
        return Math.sqrt(2 * Math.log(Math.max(valuesPerDay, 2)));
    }

    /** Signed square root of the Poisson deviance of {@code x} against mean {@code mu}. */
    static double devianceResidual(double x, double mu) {
        double deviance = x > 0 ? 2 * (x * Math.log(x / mu) - (x - mu)) : 2 * mu;
        double r = Math.sqrt(Math.max(deviance, 0));
        return x >= mu ? r : -r;
    }

    /** The count above {@code mu} whose Poisson deviance equals {@code target} (Newton's method). */
    static double upperBand(double mu, double target) {
        double x = mu + Math.sqrt(target * mu) + target / 3 + 1e-9;
        for (int i = 0; i < 8; i++) {
            double log = Math.log(x / mu);
            double next = x - (2 * (x * log - (x - mu)) - target) / (2 * log);
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
