package fi.mokadesk.storm;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/** Reproducible synthetic count series in 5-minute buckets for the detector's tests. */
final class SyntheticSeries {

    static final Instant START = Instant.parse("2026-01-05T00:00:00Z"); // a Monday
    static final Duration BUCKET = Duration.ofMinutes(5);
    static final int PER_DAY = 288;

    private SyntheticSeries() {}

    static Instant time(int index) {
        return START.plus(BUCKET.multipliedBy(index));
    }

    /** Poisson counts with the given mean per bucket index. */
    static long[] poisson(int buckets, long seed, IntToDoubleFunction mean) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] counts = new long[buckets];
        for (int i = 0; i < buckets; i++) {
            counts[i] = poisson(random, mean.applyAsDouble(i));
        }
        return counts;
    }

    static long poisson(SplittableRandom random, double mean) {
        if (mean > 60) {
            double normal =
                    Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    /** Runs a fresh detector over the counts and returns every result. */
    static StormResult[] run(StormDetector.Settings settings, long[] counts) {
        StormDetector detector = new StormDetector(settings);
        StormResult[] results = new StormResult[counts.length];
        for (int i = 0; i < counts.length; i++) {
            results[i] = detector.update(time(i), counts[i]);
        }
        return results;
    }

    static int[] alarmIndices(StormResult[] results) {
        return java.util.stream.IntStream.range(0, results.length)
                .filter(i -> results[i].alarm())
                .toArray();
    }
}
