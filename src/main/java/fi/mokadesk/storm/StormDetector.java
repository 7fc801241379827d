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
 * <p><b>Surprise.</b> Three residuals are computed, all as signed Poisson deviance residuals
 * scaled by the over-dispersion (well behaved for counts of 0 to 5, where a Gaussian z-score is
 * not): the current bucket and the last half hour against the recent expectation (sudden
 * bursts), and the last three hours against a slow, day-long baseline (storms that build up
 * gradually). A fourth measures the last day as a ratio to a level of several days (broad storms
 * that rise over many hours and that the faster levels follow up).
 *
 * <p><b>Alarm level as a false-alarm rate.</b> Real mention streams are heavier-tailed than any
 * count model, and how much heavier differs from series to series. So the level is not a fixed
 * residual: for each residual the detector learns the distribution of its <i>daily maximum</i>
 * on this series (a Gumbel distribution, the law of the largest of many values, fitted online
 * from the mean and spread of recent daily peaks) and opens a storm where the residual reaches
 * the level that ordinary days exceed only {@link Settings#falseAlarmsPerWeek()} times a week
 * (shared between the four residuals). Rarity is read from the predictive distribution of a day's
 * peak, which is wider while it rests on few days, so a young series does not mistake its first
 * quiet days for its whole range. A lead can read the setting directly: "at most about this many
 * false alarms a week per series".
 *
 * <p><b>Decision.</b> A storm opens when a residual reaches its level and the count is at least
 * {@link Settings#minCount()}. It ends after {@link Settings#calm()}
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
     * @param falseAlarmsPerWeek how often a week ordinary noise of this series may open a storm;
     *     the alarm level of every residual follows from it and the series' own learned daily
     *     peaks (score 0.5)
     * @param minCount smallest count (bucket, or recent total for slow storms) that may open a
     *     storm, so that two messages never make a storm
     * @param calm time without excess after which an open storm ends
     * @param coolDown time after a storm's end during which a burst no stronger than the storm's
     *     peak continues that storm instead of raising a new alarm
     */
    public record Settings(
            Duration bucket, ZoneId zone, double falseAlarmsPerWeek, long minCount, Duration calm, Duration coolDown) {

        /** Expected false alarms per week and series with the default settings. */
        public static final double DEFAULT_FALSE_ALARMS_PER_WEEK = 1.25;

        public Settings {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(calm, "calm");
            Objects.requireNonNull(coolDown, "coolDown");
            if (bucket.getSeconds() < 1 || bucket.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("bucket must be between 1 second and 1 day: " + bucket);
            }
            if (!(falseAlarmsPerWeek > 0) || falseAlarmsPerWeek > 100) {
                throw new IllegalArgumentException(
                        "falseAlarmsPerWeek must be above 0 and at most 100: " + falseAlarmsPerWeek);
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
            return new Settings(
                    bucket,
                    ZoneOffset.UTC,
                    DEFAULT_FALSE_ALARMS_PER_WEEK,
                    3,
                    Duration.ofHours(1),
                    Duration.ofHours(24));
        }

        public Settings withZone(ZoneId newZone) {
            return new Settings(bucket, newZone, falseAlarmsPerWeek, minCount, calm, coolDown);
        }

        public Settings withFalseAlarmsPerWeek(double rate) {
            return new Settings(bucket, zone, rate, minCount, calm, coolDown);
        }

        public Settings withMinCount(long newMinCount) {
            return new Settings(bucket, zone, falseAlarmsPerWeek, newMinCount, calm, coolDown);
        }

        public Settings withCalm(Duration newCalm) {
            return new Settings(bucket, zone, falseAlarmsPerWeek, minCount, newCalm, coolDown);
        }

        public Settings withCoolDown(Duration newCoolDown) {
            return new Settings(bucket, zone, falseAlarmsPerWeek, minCount, calm, newCoolDown);
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
    /** Memory of the daily-peak distribution, in days. */
    static final double PEAK_MEMORY_DAYS = 14;
    /** Weight, in days, of the prior daily-peak distribution (that of well-behaved noise). */
    static final double PEAK_PRIOR_DAYS = 2;
    /**
     * Allowance for judging rarity by a daily-peak distribution estimated from few days: its variance
     * is taken as {@code (1 + PEAK_UNCERTAINTY / n)} times the estimate, with {@code n} the days of
     * evidence (prior included, at most the memory). 1 would be the textbook widening for an
     * estimated mean alone; the spread is estimated too, and a series' tail shows itself only over
     * weeks, so the allowance is larger. Chosen with the false-alarm rate inside the folds of the
     * leave-one-series-out evaluation (docs/storms.md).
     */
    static final double PEAK_UNCERTAINTY = 4;
    /** Time scale of the day-long residual, in hours. */
    static final double DAY_HOURS = 24;
    /** Half-life of the multi-day level against which the day-long residual is judged, in hours. */
    static final double WEEK_HALF_LIFE_HOURS = 72;
    /**
     * Counts added to both sides of the day-long ratio, so that a quiet series' ratio is not driven by
     * a handful of messages.
     */
    static final double DAY_RATIO_PRIOR = 5;
    /**
     * Residuals judged: the bucket, the last half hour, the last hours and the last day (false alarms
     * are shared).
     */
    static final int SCALES = 4;
    /** An open storm is calm while the short residuals stay below this fraction of their typical daily peak. */
    static final double CALM_FRACTION = 0.5;
    /** Buckets of history needed before any alarm. */
    static final int MIN_HISTORY_BUCKETS = 12;
    /** Residual above which a bucket is clipped before it is learned. */
    static final double LEARN_CLIP_Z = 3;
    /** Smallest expectation used, so that an all-zero history still gives a finite band. */
    static final double MIN_EXPECTED = 0.02;

    private static final double LN2 = 0.6931471805599453;
    private static final int HOURS = 24;
    private static final int DAYS = 7;

    private final Settings settings;
    private final ZoneOffset fixedOffset;
    private final double bucketsPerHour;
    /** Chance that an ordinary day's peak of one residual reaches its alarm level. */
    private final double dailyChance;
    /** See {@link #PEAK_UNCERTAINTY}; only the evaluation tries other values. */
    private final double peakUncertainty;

    /** Hour-of-day factors (0..23), then day-of-week factors (Monday at 24). */
    private final float[] factors = new float[HOURS + DAYS];
    /** Daily peaks of the one-bucket residual. */
    private final DailyPeaks bucketPeaks;
    /** Daily peaks of the gradual-storm residual. */
    private final DailyPeaks recentPeaks;
    /** Daily peaks of the day-long ratio. */
    private final DailyPeaks dayPeaks;
    /** Daily peaks of the short-run residual. */
    private final DailyPeaks shortPeaks;

    private long updates;
    private long lastSecond;
    private long today = Long.MIN_VALUE;
    private double level;
    private double slowLevel;
    /** Level with a memory of several days, for the day-long ratio. */
    private double weekLevel;
    /** Exponentially weighted counts and multi-day expectations over about a day. */
    private double dayCount;

    private double dayExpected;
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
        this(settings, PEAK_UNCERTAINTY);
    }

    /** A detector with another allowance for few days of peaks (for the evaluation, which chooses it). */
    StormDetector(Settings settings, double peakUncertainty) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (!(peakUncertainty >= 0)) {
            throw new IllegalArgumentException("peakUncertainty must not be negative: " + peakUncertainty);
        }
        this.peakUncertainty = peakUncertainty;
        this.fixedOffset = settings.zone().getRules().isFixedOffset()
                ? settings.zone().getRules().getOffset(Instant.EPOCH)
                : null;
        this.bucketsPerHour = 3_600.0 / settings.bucket().getSeconds();
        this.dailyChance = Math.min(0.5, settings.falseAlarmsPerWeek() / (7.0 * SCALES));
        this.bucketPeaks = new DailyPeaks(24 * bucketsPerHour, dailyChance, peakUncertainty);
        this.shortPeaks = new DailyPeaks(24 / SHORT_HOURS, dailyChance, peakUncertainty);
        this.recentPeaks = new DailyPeaks(24 / RECENT_HOURS, dailyChance, peakUncertainty);
        this.dayPeaks = DailyPeaks.ofRatio(dailyChance, peakUncertainty);
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

    /** Format version of {@link #snapshot()}. Version 1 (before the false-alarm level) is still read. */
    private static final byte SNAPSHOT_VERSION = 3;

    /**
     * The detector's learned state in a compact binary form (about 350 bytes), so a series can be
     * kept in a database between buckets. {@link #restore(Settings, byte[])} with the same settings
     * gives a detector whose results are exactly those of this one.
     */
    public byte[] snapshot() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(360);
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(SNAPSHOT_VERSION);
            out.writeLong(settings.bucket().getSeconds());
            for (float f : factors) out.writeFloat(f);
            for (DailyPeaks p : new DailyPeaks[] {bucketPeaks, recentPeaks, shortPeaks, dayPeaks}) {
                out.writeDouble(p.mean);
                out.writeDouble(p.variance);
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
            out.writeDouble(weekLevel);
            out.writeDouble(dayCount);
            out.writeDouble(dayExpected);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A detector continuing from a {@link #snapshot()}. A snapshot of the earlier format (version
     * 1, which judged residuals against a fixed level) is taken over too: the expectation, rhythm,
     * dispersion and any open storm carry over unchanged, and its typical daily peaks seed the
     * daily-peak distributions, so a stored series goes on without relearning. A snapshot of version
     * 1 or 2 (before the day-long ratio) starts that ratio from the slow level and its prior.
     *
     * @throws IllegalArgumentException if the snapshot is malformed or was taken with another
     *     bucket length
     */
    public static StormDetector restore(Settings settings, byte[] snapshot) {
        StormDetector d = new StormDetector(settings);
        try (java.io.DataInputStream in =
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(Objects.requireNonNull(snapshot)))) {
            byte version = in.readByte();
            if (version < 1 || version > SNAPSHOT_VERSION) {
                throw new IllegalArgumentException("unknown detector snapshot version " + version);
            }
            if (in.readLong() != settings.bucket().getSeconds()) {
                throw new IllegalArgumentException("snapshot was taken with another bucket length");
            }
            for (int i = 0; i < d.factors.length; i++) d.factors[i] = in.readFloat();
            DailyPeaks[] peaks = version >= 3
                    ? new DailyPeaks[] {d.bucketPeaks, d.recentPeaks, d.shortPeaks, d.dayPeaks}
                    : new DailyPeaks[] {d.bucketPeaks, d.recentPeaks, d.shortPeaks};
            for (DailyPeaks p : peaks) {
                if (version == 1) {
                    // typical daily peak (NaN before the first full day), today's peak, days seen
                    double typical = in.readDouble();
                    p.today = Math.log(Math.max(in.readDouble(), p.floor));
                    p.days = in.readInt();
                    if (!Double.isNaN(typical)) {
                        p.mean = Math.max(Math.log(Math.max(typical, p.floor)), p.mean);
                    }
                } else {
                    p.mean = in.readDouble();
                    p.variance = in.readDouble();
                    p.today = in.readDouble();
                    p.days = in.readInt();
                }
                p.refresh();
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
            double strength = in.readDouble();
            // version 1 kept the peak as an adjusted residual; without a common scale, any relapse counts as stronger
            d.peakStrength = version == 1 ? 0 : strength;
            d.totalObserved = in.readLong();
            d.totalExpected = in.readDouble();
            if (version >= 3) {
                d.weekLevel = in.readDouble();
                d.dayCount = in.readDouble();
                d.dayExpected = in.readDouble();
            } else {
                d.weekLevel = d.slowLevel;
            }
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
        // the last day against a level of several days: broad storms that the hourly levels absorb
        double weekMu = first ? mu : Math.max(weekLevel * seasonal, MIN_EXPECTED);
        double dayRate = 1 / (DAY_HOURS * bucketsPerHour);
        dayCount = dayCount * (1 - dayRate) + x;
        dayExpected = dayExpected * (1 - dayRate) + weekMu;
        // a ratio, not a deviance: over a day, ordinary level swings dwarf counting noise
        double dayRatio = (dayCount + DAY_RATIO_PRIOR) / (dayExpected + DAY_RATIO_PRIOR);
        double shortRate = 1 / Math.max(1, SHORT_HOURS * bucketsPerHour);
        shortCount = shortCount * (1 - shortRate) + x;
        shortExpected = shortExpected * (1 - shortRate) + mu;
        double bucketZ = first ? 0 : devianceResidual(x, mu) / Math.sqrt(varianceFactor);
        // an exponentially weighted sum has about half the variance of a plain sum of its weight
        double recentZ =
                first ? 0 : devianceResidual(recentCount, recentExpected) / Math.sqrt(0.5 * (1 + phi * slowMu));
        double shortZ = first ? 0 : devianceResidual(shortCount, shortExpected) / Math.sqrt(0.5 * varianceFactor);

        // ---- the day's peaks, and how rare this bucket's residuals are for this series
        if (day != today) {
            if (today != Long.MIN_VALUE && updates >= bucketsPerDay / 2) {
                bucketPeaks.closeDay();
                recentPeaks.closeDay();
                dayPeaks.closeDay();
                shortPeaks.closeDay();
            }
            today = day;
        }
        bucketPeaks.see(bucketZ);
        shortPeaks.see(shortZ);
        recentPeaks.see(recentZ);
        dayPeaks.see(dayRatio);
        boolean history = updates >= MIN_HISTORY_BUCKETS;
        // rarity = -ln(chance that an ordinary day's peak of that residual reaches it); higher is rarer
        double bucketRarity = history && count >= settings.minCount() ? bucketPeaks.rarity(bucketZ) : 0;
        // the slower residuals linger after a burst: they count only while this bucket is above expectation
        boolean rising = x > mu;
        double shortRarity = history && rising && shortCount >= settings.minCount() ? shortPeaks.rarity(shortZ) : 0;
        double recentRarity = history && rising && recentCount >= settings.minCount() && updates >= bucketsPerDay
                ? recentPeaks.rarity(recentZ)
                : 0;
        double dayRarity = history && rising && dayCount >= settings.minCount() && updates >= 2 * bucketsPerDay
                ? dayPeaks.rarity(dayRatio)
                : 0;
        double strength = Math.max(Math.max(bucketRarity, dayRarity), Math.max(shortRarity, recentRarity));
        double alarmRarity = -Math.log(dailyChance);
        double bandZ = bucketPeaks.alarmLevel;
        double upper = Math.max(upperBand(mu, bandZ * bandZ * varianceFactor), settings.minCount());

        // ---- decision
        boolean burst = strength >= alarmRarity;
        boolean alarm = false;
        StormAlarm.Phase phase = null;
        if (open) {
            // calm is judged on the last half hour: the slow residual lingers long after a burst
            calmBuckets =
                    bucketZ < CALM_FRACTION * bucketPeaks.typical() && shortZ < CALM_FRACTION * shortPeaks.typical()
                            ? calmBuckets + 1
                            : 0;
            addToStorm(count, mu, strength);
            phase = StormAlarm.Phase.UPDATE;
            if (calmBuckets * settings.bucket().getSeconds() >= settings.calm().getSeconds()) {
                open = false;
                phase = StormAlarm.Phase.ENDED;
                // the cool-down runs from the storm's first end: relapses do not extend it
                if (coolDownUntil == Long.MAX_VALUE)
                    coolDownUntil = second + settings.coolDown().getSeconds();
            }
        } else if (burst) {
            if (onsetSecond != Long.MIN_VALUE && second < coolDownUntil && strength <= peakStrength) {
                phase = StormAlarm.Phase.UPDATE; // the same storm flaring up again, no stronger
            } else {
                alarm = true;
                phase = StormAlarm.Phase.ONSET;
                onsetSecond = second;
                coolDownUntil = Long.MAX_VALUE;
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

        learn(x, mu, slowMu, weekMu, varianceFactor, hour, weekday);

        // score: the alarm rate over the rate at which ordinary days reach this bucket's rarity
        double score = strength <= 0 ? 0 : 1 / (1 + Math.exp(alarmRarity - strength));
        return new StormResult(bucketStart, count, mu, upper, score, alarm, storm);
    }

    /** Updates levels, seasonal factors and dispersion with the bucket clipped to its band. */
    private void learn(
            double x, double mu, double slowMu, double weekMu, double varianceFactor, int hour, int weekday) {
        if (updates++ == 0) {
            level = x;
            slowLevel = x;
            weekLevel = x;
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
        double weekLearned = Math.min(x, weekMu + LEARN_CLIP_Z * Math.sqrt(weekMu * varianceFactor) + 1);
        double weekRate = Math.max(1.0 / updates, LN2 / (WEEK_HALF_LIFE_HOURS * bucketsPerHour));
        weekLevel += weekRate * (weekLearned / seasonal - weekLevel);

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
     * The distribution of one residual's daily maximum on this series, as a Gumbel distribution
     * (the limit law of the largest of many values) fitted by moments over about two weeks. It starts
     * as the daily maximum of well-behaved Gaussian noise ({@code n} values a day: location
     * {@code sqrt(2 ln n)}, spread {@code 1.28 / sqrt(2 ln n)}) with the weight of two days, and a
     * day's peak is learned only up to the alarm level, so storm days do not make storms look normal.
     * Rarity is judged by the predictive distribution: while it rests on few days its spread is
     * widened ({@link #PEAK_UNCERTAINTY}), so a young series does not take its first quiet days for its
     * whole range.
     */
    private static final class DailyPeaks {
        private static final double EULER = 0.5772156649015329;
        private static final double SD_TO_SCALE = Math.sqrt(6) / Math.PI;
        private static final double FLOOR = 0.1;

        /** Smallest value a day's peak is taken as (log scale below it would only add noise). */
        private final double floor;

        private final double minSd;
        private final double dailyChance;
        private final double uncertainty;
        private double mean;
        private double variance;
        private double today;
        private int days;
        /** Derived from mean and variance: Gumbel location and scale, and the alarm level. */
        private double location;

        private double scale;
        private double alarmLevel;

        DailyPeaks(double valuesPerDay, double dailyChance, double uncertainty) {
            double calmPeak = Math.sqrt(2 * Math.log(Math.max(valuesPerDay, 2)));
            this.minSd = 1.28 / calmPeak / calmPeak;
            this.dailyChance = dailyChance;
            this.uncertainty = uncertainty;
            this.floor = FLOOR;
            this.mean = Math.log(calmPeak);
            this.variance = minSd * minSd;
            refresh();
        }

        private DailyPeaks(
                double priorPeak, double priorSd, double minSd, double floor, double dailyChance, double uncertainty) {
            this.minSd = minSd;
            this.dailyChance = dailyChance;
            this.uncertainty = uncertainty;
            this.floor = floor;
            this.mean = Math.log(priorPeak);
            this.variance = priorSd * priorSd;
            refresh();
        }

        /**
         * Daily peaks of a ratio observed / expected: days start as peaking at 1.3 (an ordinary busy
         * day) with a spread of 10 %, never taken as less than 5 %, and a day that never rises above
         * its expectation counts as peaking at 1.
         */
        static DailyPeaks ofRatio(double dailyChance, double uncertainty) {
            return new DailyPeaks(1.3, 0.1, 0.05, 1, dailyChance, uncertainty);
        }

        /** The typical (geometric mean) daily peak. */
        double typical() {
            return Math.exp(mean);
        }

        void see(double z) {
            double v = Math.log(Math.max(z, floor));
            if (v > today) today = v;
        }

        void closeDay() {
            double observed = Math.min(today, Math.log(alarmLevel));
            days++;
            double rate = Math.max(1.0 / (days + PEAK_PRIOR_DAYS), 1.0 / PEAK_MEMORY_DAYS);
            double delta = observed - mean;
            mean += rate * delta;
            variance = (1 - rate) * (variance + rate * delta * delta);
            today = Math.log(floor);
            refresh();
        }

        void refresh() {
            // the predictive spread: wider while the distribution rests on few days
            double evidenceDays = Math.min(days + PEAK_PRIOR_DAYS, PEAK_MEMORY_DAYS);
            scale = Math.sqrt(Math.max(variance, minSd * minSd) * (1 + uncertainty / evidenceDays)) * SD_TO_SCALE;
            location = mean - EULER * scale;
            alarmLevel = Math.exp(location - scale * Math.log(-Math.log1p(-dailyChance)));
        }

        /** {@code -ln P(an ordinary day's peak >= z)}: 0 for ordinary values, growing for rare ones. */
        double rarity(double z) {
            double y = (Math.log(Math.max(z, floor)) - location) / scale;
            if (y > 30) return y; // -ln(1 - exp(-e^-y)) = y to double precision
            return -Math.log(-Math.expm1(-Math.exp(-Math.max(y, -30))));
        }
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
