package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
        assertThat(state).hasSize(414);
    }

    @Test
    void aSnapshotStoredBeforeTheFalseAlarmLevelIsTakenOverAndTheSeriesGoesOn() throws IOException {
        // a version-1 snapshot as the desk stored it in storm_series: a series of about 5 a bucket,
        // three weeks old, typical daily residual peaks 4.5 / 9 / 5.5, calm at the moment
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(300);
            for (int i = 0; i < 31; i++) out.writeFloat(1f);
            for (double typical : new double[] {4.5, 9, 5.5}) {
                out.writeDouble(typical);
                out.writeDouble(1.0);
                out.writeInt(21);
            }
            long start = SyntheticSeries.time(0).getEpochSecond();
            out.writeLong(21 * 288); // updates
            out.writeLong(start - 300); // last bucket
            out.writeLong(Math.floorDiv(start, 86_400L)); // today
            for (double v : new double[] {5, 5, 0.1, 36 * 5, 36 * 5, 6 * 5, 6 * 5}) out.writeDouble(v);
            out.writeLong(Long.MIN_VALUE); // no storm yet
            out.writeLong(Long.MIN_VALUE);
            out.writeBoolean(false);
            out.writeInt(0);
            out.writeInt(0);
            out.writeLong(0);
            out.writeDouble(0);
            out.writeDouble(0);
            out.writeLong(0);
            out.writeDouble(0);
        }
        byte[] old = bytes.toByteArray();
        assertThat(old).hasSize(338);

        StormDetector detector = StormDetector.restore(StormDetector.Settings.defaults(), old);
        assertThat(detector.updates()).isEqualTo(21 * 288);
        long[] counts = SyntheticSeries.poisson(288, 3, i -> i >= 200 && i < 215 ? 40 : 5);
        int alarms = 0;
        for (int i = 0; i < counts.length; i++) {
            StormResult r = detector.update(SyntheticSeries.time(i), counts[i]);
            assertThat(r.expected()).as("bucket %d keeps the learned level", i).isBetween(2.0, 60.0);
            if (r.alarm()) {
                alarms++;
                assertThat(i).isBetween(200, 203);
            }
        }
        assertThat(alarms).isEqualTo(1);
        // saved again, it is in the current format
        assertThat(StormDetector.restore(StormDetector.Settings.defaults(), detector.snapshot())
                        .updates())
                .isEqualTo(21 * 288 + 288);
    }

    @Test
    void aSnapshotStoredBeforeTheDayLongRatioIsTakenOverAndTheSeriesGoesOn() {
        // two weeks of about 5 a bucket, stored in the version-2 format (the current one without the
        // day-long ratio's level, sums and daily peaks)
        long[] history = SyntheticSeries.poisson(14 * 288, 11, i -> 5);
        StormDetector.Settings settings = StormDetector.Settings.defaults();
        StormDetector before = new StormDetector(settings);
        for (int i = 0; i < history.length; i++) before.update(SyntheticSeries.time(i), history[i]);
        byte[] current = before.snapshot();
        int dayPeaksAt = 1 + 8 + 31 * 4 + 3 * 28;
        ByteArrayOutputStream v2 = new ByteArrayOutputStream();
        v2.write(2);
        v2.write(current, 1, dayPeaksAt - 1);
        v2.write(current, dayPeaksAt + 28, current.length - 3 * 8 - (dayPeaksAt + 28));
        assertThat(v2.toByteArray()).hasSize(362);

        StormDetector detector = StormDetector.restore(settings, v2.toByteArray());
        assertThat(detector.updates()).isEqualTo(14 * 288);
        long[] counts = SyntheticSeries.poisson(288, 3, i -> i >= 200 && i < 215 ? 40 : 5);
        java.util.List<Integer> alarms = new java.util.ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            StormResult r = detector.update(SyntheticSeries.time(history.length + i), counts[i]);
            assertThat(r.expected()).as("bucket %d keeps the learned level", i).isBetween(2.0, 60.0);
            if (r.alarm()) alarms.add(i);
        }
        // the storm is reported at once; besides it, at most the one ordinary false alarm that
        // a detector that never stopped also raises on this day (a count of 9 where 5 are usual)
        assertThat(alarms).anyMatch(i -> i >= 200 && i <= 203);
        assertThat(alarms).hasSizeLessThanOrEqualTo(2);
        assertThat(detector.snapshot()).hasSize(414);
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
