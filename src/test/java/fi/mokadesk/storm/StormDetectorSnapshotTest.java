package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StormDetectorSnapshotTest {

    @Test
    void aRestoredDetectorGivesExactlyTheSameResultsAsOneThatNeverStopped() {
        // three days of a daily rhythm with a storm on the third afternoon
        long[] counts = SyntheticSeries.poisson(3 * 288, 7, i -> {
            double hour = (i % 288) / 12.0;
            double base = 2 + 3 * Math.max(0, Math.sin(Math.PI * (hour - 6) / 14));
            return i >= 2 * 288 + 170 && i < 2 * 288 + 185 ? base * 8 : base;
        });
        StormDetector.Settings settings = StormDetector.Settings.defaults();
        StormResult[] straight = SyntheticSeries.run(settings, counts);
        assertThat(SyntheticSeries.alarmIndices(straight)).isNotEmpty();

        StormDetector detector = new StormDetector(settings);
        byte[] state = null;
        for (int i = 0; i < counts.length; i++) {
            if (i % 37 == 0) {
                state = detector.snapshot();
                detector = StormDetector.restore(settings, state);
            }
            assertThat(detector.update(SyntheticSeries.time(i), counts[i])).isEqualTo(straight[i]);
        }
        assertThat(state).hasSize(338);
    }

    @Test
    void aSnapshotOfAnotherBucketLengthOrGarbageIsRefused() {
        byte[] state = new StormDetector().snapshot();
        assertThatThrownBy(() -> StormDetector.restore(StormDetector.Settings.forBucket(Duration.ofMinutes(1)), state))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StormDetector.restore(StormDetector.Settings.defaults(), new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
