package fi.mokadesk.storm;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Update throughput of the storm detector against the EWMA + k sigma baseline, on one thread.
 * Each operation is one bucket of one series; the series are visited round-robin, the way a
 * node closing a 5-minute bucket walks through every workspace x keyword series it holds.
 *
 * <p>Run: {@code ./mvnw -q -o test-compile} and then {@code java -cp
 * "target/test-classes:target/classes:$(./mvnw -q -o dependency:build-classpath
 * -Dmdep.outputFile=/dev/stdout)" org.openjdk.jmh.Main StormDetectorBenchmark -f 1 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class StormDetectorBenchmark {

    /** Number of series held in memory and updated in turn. */
    @Param({"10000"})
    public int series;

    private static final int COUNTS = 1 << 16;

    private StormDetector[] detectors;
    private Baselines.Ewma[] baselines;
    private long[] counts;
    private int cursor;
    private int countCursor;
    private Instant bucket;

    @Setup
    public void setUp() {
        detectors = new StormDetector[series];
        baselines = new Baselines.Ewma[series];
        for (int i = 0; i < series; i++) {
            detectors[i] = new StormDetector();
            baselines[i] = new Baselines.Ewma(4);
        }
        SplittableRandom random = new SplittableRandom(42);
        counts = new long[COUNTS];
        for (int i = 0; i < COUNTS; i++) {
            double mean = random.nextInt(100) == 0 ? 60 : 1 + random.nextInt(20);
            counts[i] = SyntheticSeries.poisson(random, mean);
        }
        bucket = SyntheticSeries.START;
        cursor = 0;
    }

    private long nextCount() {
        countCursor = (countCursor + 1) & (COUNTS - 1);
        return counts[countCursor];
    }

    private int nextSeries() {
        int index = cursor++;
        if (cursor == series) {
            cursor = 0;
        }
        if (index == 0) {
            bucket = bucket.plus(SyntheticSeries.BUCKET);
        }
        return index;
    }

    @Benchmark
    public StormResult stormDetectorUpdate() {
        int index = nextSeries();
        return detectors[index].update(bucket, nextCount());
    }

    @Benchmark
    public boolean ewmaBaselineUpdate() {
        int index = nextSeries();
        return baselines[index].excess(bucket, nextCount());
    }
}
