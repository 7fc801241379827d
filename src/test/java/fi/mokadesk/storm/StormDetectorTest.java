package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class StormDetectorTest {

    private static final StormDetector.Settings DEFAULTS = StormDetector.Settings.defaults();

    @Test
    void flatLowCountSeriesWithOneBurstRaisesExactlyOneAlarmAtItsOnset() {
        int onset = 4 * SyntheticSeries.PER_DAY + 100;
        for (long seed = 1; seed <= 5; seed++) {
            long[] counts = SyntheticSeries.poisson(
                    7 * SyntheticSeries.PER_DAY, seed, i -> i >= onset && i < onset + 24 ? 12 : 2);
            int[] alarms = SyntheticSeries.alarmIndices(SyntheticSeries.run(DEFAULTS, counts));
            // the burst within half an hour; at most one or two false alarms in a week
            assertThat(alarms).as("seed %d", seed).hasSizeBetween(1, 3);
            assertThat(java.util.Arrays.stream(alarms).filter(i -> i >= onset && i <= onset + 6))
                    .as("seed %d", seed)
                    .hasSize(1);
        }
    }

    @Test
    void burstAlarmCarriesOnsetMagnitudeAndBandThenUpdatesAndEnds() {
        int onset = 3 * SyntheticSeries.PER_DAY;
        long[] counts =
                SyntheticSeries.poisson(4 * SyntheticSeries.PER_DAY, 7, i -> i >= onset && i < onset + 12 ? 20 : 2);
        StormResult[] results = SyntheticSeries.run(DEFAULTS, counts);
        int first = SyntheticSeries.alarmIndices(results)[0];
        StormAlarm alarm = results[first].storm();
        assertThat(alarm.phase()).isEqualTo(StormAlarm.Phase.ONSET);
        assertThat(alarm.onset()).isEqualTo(SyntheticSeries.time(first));
        assertThat(alarm.expected()).isBetween(1.0, 3.5);
        assertThat(alarm.upperBand()).isGreaterThan(alarm.expected()).isLessThan(alarm.observed());
        assertThat(alarm.magnitude()).isGreaterThan(3);
        assertThat(results[first].score()).isGreaterThanOrEqualTo(0.5).isLessThan(1);

        StormResult next = results[first + 1];
        assertThat(next.alarm()).isFalse();
        assertThat(next.storm().phase()).isEqualTo(StormAlarm.Phase.UPDATE);
        assertThat(next.storm().onset()).isEqualTo(alarm.onset());
        assertThat(next.storm().buckets()).isEqualTo(2);

        StormAlarm ended = java.util.Arrays.stream(results, first, results.length)
                .map(StormResult::storm)
                .filter(s -> s != null && s.phase() == StormAlarm.Phase.ENDED)
                .findFirst()
                .orElseThrow();
        assertThat(ended.onset()).isEqualTo(alarm.onset());
        assertThat(ended.peakCount()).isGreaterThanOrEqualTo(20);
        assertThat(ended.totalMagnitude()).isGreaterThan(1.2);
        assertThat(ended.buckets()).isBetween(12, 72); // over within six hours of a one-hour burst
    }

    @Test
    void smoothDailyAndWeeklyRhythmRaisesNoMoreAlarmsThanTheChosenFalseAlarmRate() {
        long[] counts = SyntheticSeries.poisson(21 * SyntheticSeries.PER_DAY, 11, i -> {
            double hour = (i % SyntheticSeries.PER_DAY) / 12.0;
            int weekday = (i / SyntheticSeries.PER_DAY) % 7;
            double daily = 1 + 0.8 * Math.sin(2 * Math.PI * (hour - 9) / 24);
            return 20 * daily * (weekday >= 5 ? 0.5 : 1);
        });
        // three weeks at about one false alarm a week; a tenth of that gives none
        assertThat(SyntheticSeries.alarmIndices(SyntheticSeries.run(DEFAULTS, counts)))
                .hasSizeLessThanOrEqualTo(6);
        assertThat(SyntheticSeries.alarmIndices(SyntheticSeries.run(DEFAULTS.withFalseAlarmsPerWeek(0.1), counts)))
                .isEmpty();
    }

    @Test
    void sharpDailyPeakIsLearnedAndAlarmsOnlyAtTheChosenRateAfterTheFirstDay() {
        // a lunchtime rush: 10x the usual volume from 12:00 to 13:00 every day
        long[] counts = SyntheticSeries.poisson(21 * SyntheticSeries.PER_DAY, 5, i -> {
            int minuteOfDay = (i % SyntheticSeries.PER_DAY) * 5;
            return minuteOfDay >= 720 && minuteOfDay < 780 ? 30 : 3;
        });
        int[] alarms = SyntheticSeries.alarmIndices(SyntheticSeries.run(DEFAULTS, counts));
        assertThat(java.util.Arrays.stream(alarms).filter(i -> i >= SyntheticSeries.PER_DAY))
                .hasSizeLessThanOrEqualTo(6);
        int[] strict = SyntheticSeries.alarmIndices(SyntheticSeries.run(DEFAULTS.withFalseAlarmsPerWeek(0.1), counts));
        assertThat(java.util.Arrays.stream(strict).filter(i -> i >= SyntheticSeries.PER_DAY))
                .isEmpty();
    }

    @Test
    void coldStartAlarmsOnABurstAfterOneHourOfHistoryButNeverInTheFirstBuckets() {
        long[] counts = SyntheticSeries.poisson(60, 3, i -> i >= 15 && i < 20 ? 60 : 5);
        StormResult[] results = SyntheticSeries.run(DEFAULTS, counts);
        int[] alarms = SyntheticSeries.alarmIndices(results);
        assertThat(alarms).hasSize(1);
        assertThat(alarms[0]).isBetween(15, 16);

        long[] early = {0, 0, 50, 0, 0};
        assertThat(SyntheticSeries.alarmIndices(SyntheticSeries.run(DEFAULTS, early)))
                .isEmpty();
        assertThat(results[0].score()).isZero();
    }

    @Test
    void quietSeriesIgnoresSingleMessagesButCatchesASmallCluster() {
        long[] counts = new long[5 * SyntheticSeries.PER_DAY];
        for (int i = 0; i < counts.length; i += 97) {
            counts[i] = 1; // a stray mention now and then
        }
        int cluster = 4 * SyntheticSeries.PER_DAY;
        counts[cluster] = 6;
        counts[cluster + 1] = 9;
        counts[cluster + 2] = 4;
        int[] alarms = SyntheticSeries.alarmIndices(SyntheticSeries.run(DEFAULTS, counts));
        assertThat(alarms).containsExactly(cluster);
    }

    @Test
    void gradualStormIsCaughtBeforeItsPeak() {
        // volume climbs from 4 to 40 per bucket over six hours, then falls back
        int start = 5 * SyntheticSeries.PER_DAY;
        int ramp = 72;
        long[] counts = SyntheticSeries.poisson(7 * SyntheticSeries.PER_DAY, 13, i -> {
            if (i < start || i >= start + 2 * ramp) {
                return 4;
            }
            double t = i < start + ramp ? (i - start) / (double) ramp : (start + 2 * ramp - i) / (double) ramp;
            return 4 + 36 * t;
        });
        int[] alarms = SyntheticSeries.alarmIndices(SyntheticSeries.run(DEFAULTS, counts));
        assertThat(alarms).hasSize(1);
        assertThat(alarms[0]).isBetween(start, start + ramp);
    }

    @Test
    void aRelapseWithinTheCoolDownStaysOneStormButAnEscalationAlarmsAgain() {
        StormDetector detector = new StormDetector(DEFAULTS.withFalseAlarmsPerWeek(0.1));
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        int[] index = {0};
        java.util.function.LongFunction<StormResult> feed =
                count -> detector.update(SyntheticSeries.time(index[0]++), count);
        java.util.function.IntFunction<StormResult> calmUntilEnded = max -> {
            for (int i = 0; i < max; i++) {
                StormResult r = feed.apply(SyntheticSeries.poisson(random, 2));
                if (r.storm() != null && r.storm().phase() == StormAlarm.Phase.ENDED) {
                    return r;
                }
            }
            return null;
        };
        for (int i = 0; i < 3 * SyntheticSeries.PER_DAY; i++) {
            assertThat(feed.apply(SyntheticSeries.poisson(random, 2)).alarm()).isFalse();
        }
        StormResult onset = feed.apply(40);
        assertThat(onset.alarm()).isTrue();
        feed.apply(40);
        StormResult ended = calmUntilEnded.apply(SyntheticSeries.PER_DAY);
        assertThat(ended).isNotNull();
        assertThat(ended.storm().onset()).isEqualTo(onset.bucketStart());

        // a flare-up no stronger than the storm, a few hours later: same storm, no new alarm
        for (int i = 0; i < 24; i++) {
            feed.apply(SyntheticSeries.poisson(random, 2));
        }
        StormResult relapse = feed.apply(30);
        assertThat(relapse.alarm()).isFalse();
        assertThat(relapse.storm().onset()).isEqualTo(onset.bucketStart());
        assertThat(calmUntilEnded.apply(SyntheticSeries.PER_DAY)).isNotNull();

        // a far stronger burst within the cool-down is a new storm
        StormResult escalation = feed.apply(400);
        assertThat(escalation.alarm()).isTrue();
        assertThat(escalation.storm().phase()).isEqualTo(StormAlarm.Phase.ONSET);
        assertThat(escalation.storm().onset()).isEqualTo(escalation.bucketStart());
    }

    @Test
    void decisionsAreOnlineTruncatingTheSeriesNeverChangesEarlierResults() {
        long[] counts = SyntheticSeries.poisson(6 * SyntheticSeries.PER_DAY, 23, i -> {
            double hour = (i % SyntheticSeries.PER_DAY) / 12.0;
            double burst = i % 700 < 10 ? 8 : 1;
            return burst * (5 + 4 * Math.sin(2 * Math.PI * hour / 24));
        });
        StormResult[] full = SyntheticSeries.run(DEFAULTS, counts);
        for (int cut : new int[] {1, 13, 300, 1001, 1500}) {
            StormResult[] prefix = SyntheticSeries.run(DEFAULTS, java.util.Arrays.copyOf(counts, cut));
            for (int i = 0; i < cut; i++) {
                assertThat(prefix[i])
                        .as("row %d with the series cut at %d", i, cut)
                        .isEqualTo(full[i]);
            }
        }
        assertThat(SyntheticSeries.alarmIndices(full)).isNotEmpty();
    }

    @Test
    void hourlyBucketsWithADailyRhythmAlarmOnTheBurst() {
        StormDetector detector = new StormDetector(StormDetector.Settings.forBucket(Duration.ofHours(1)));
        java.util.SplittableRandom random = new java.util.SplittableRandom(29);
        int burst = 20 * 24 + 15;
        java.util.List<Integer> alarms = new java.util.ArrayList<>();
        for (int i = 0; i < 28 * 24; i++) {
            double mean = 40 * (1 + 0.7 * Math.sin(2 * Math.PI * (i % 24 - 8) / 24.0));
            long count = SyntheticSeries.poisson(random, i == burst || i == burst + 1 ? 4 * mean : mean);
            if (detector.update(SyntheticSeries.START.plus(Duration.ofHours(i)), count)
                    .alarm()) {
                alarms.add(i);
            }
        }
        // the burst, and no more false alarms than four weeks at about one a week
        assertThat(alarms).contains(burst).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void rejectsNegativeCountsAndBucketsOutOfOrder() {
        StormDetector detector = new StormDetector();
        Instant t = SyntheticSeries.START;
        assertThatThrownBy(() -> detector.update(t, -1)).isInstanceOf(IllegalArgumentException.class);
        detector.update(t, 1);
        assertThatThrownBy(() -> detector.update(t, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> detector.update(t.minusSeconds(300), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(detector.updates()).isEqualTo(1);
    }

    @Test
    void settingsAreValidatedAndSeasonalityFollowsTheConfiguredZone() {
        assertThatThrownBy(() -> DEFAULTS.withFalseAlarmsPerWeek(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withFalseAlarmsPerWeek(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StormDetector.Settings.forBucket(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withMinCount(-1)).isInstanceOf(IllegalArgumentException.class);

        // the same daily rush at 12:00 Helsinki time, learned in Helsinki time, is quiet later on
        ZoneId helsinki = ZoneId.of("Europe/Helsinki");
        StormDetector detector = new StormDetector(DEFAULTS.withZone(helsinki));
        int alarmsAfterDayOne = 0;
        for (int i = 0; i < 14 * SyntheticSeries.PER_DAY; i++) {
            Instant t = SyntheticSeries.time(i);
            int localHour = t.atZone(helsinki).getHour();
            long count = localHour == 12 ? 40 : 4;
            if (detector.update(t, count).alarm() && i > SyntheticSeries.PER_DAY) {
                alarmsAfterDayOne++;
            }
        }
        assertThat(alarmsAfterDayOne).isLessThanOrEqualTo(2);
    }

    @Test
    void devianceResidualAndBandAgree() {
        assertThat(StormDetector.devianceResidual(0, 2)).isEqualTo(-2.0);
        assertThat(StormDetector.devianceResidual(2, 2)).isZero();
        for (double mu : new double[] {0.05, 1, 7.5, 300}) {
            double band = StormDetector.upperBand(mu, 49);
            assertThat(StormDetector.devianceResidual(band, mu))
                    .isCloseTo(7.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }
}
