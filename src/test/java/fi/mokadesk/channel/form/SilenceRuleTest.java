package fi.mokadesk.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a busy form's silence is worth a warning: business hours only, five times the usual gap. */
class SilenceRuleTest {

    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");
    private final SilenceRule rule = SilenceRule.finnishOfficeHours();

    private static Instant at(int day, int hour, int minute) {
        // December 2026: the 7th is a Monday.
        return ZonedDateTime.of(2026, 12, day, hour, minute, 0, 0, HELSINKI).toInstant();
    }

    /** A form that gets a message every 15 minutes on Monday from 9:00 to 15:00. */
    private static List<Instant> busyMonday() {
        List<Instant> times = new ArrayList<>();
        for (Instant t = at(7, 9, 0); !t.isAfter(at(7, 15, 0)); t = t.plus(Duration.ofMinutes(15))) times.add(t);
        return times;
    }

    @Test
    void aBusyFormSilentForFiveTimesItsUsualGapDuringBusinessHoursIsFlagged() {
        // Last message Monday 15:00; Tuesday 9:20 is 2 h + 1 h 20 min = 3 h 20 min of business time.
        var silence = rule.check(busyMonday(), at(8, 9, 20));
        assertThat(silence).isPresent();
        assertThat(silence.get().medianGap()).isEqualTo(Duration.ofMinutes(15));
        assertThat(silence.get().silentFor()).isEqualTo(Duration.ofMinutes(200));
        assertThat(silence.get().lastSubmission()).isEqualTo(at(7, 15, 0));
    }

    @Test
    void aQuietNightOrWeekendIsNotSilenceAndNeitherIsAShortPause() {
        // 75 minutes of business time would be five gaps exactly: not more than usual yet.
        assertThat(rule.check(busyMonday(), at(7, 16, 15))).isEmpty();
        // Monday 15:00 to Tuesday 7:59 is only two business hours: but that is 8 gaps, so it is flagged…
        assertThat(rule.check(busyMonday(), at(7, 16, 16))).isPresent();
        // …while the same wall-clock silence over a weekend (Friday 16:50 → Monday 7:59) is not.
        List<Instant> friday = new ArrayList<>();
        for (Instant t = at(11, 10, 0); !t.isAfter(at(11, 16, 50)); t = t.plus(Duration.ofMinutes(10))) friday.add(t);
        assertThat(rule.check(friday, at(14, 7, 59))).isEmpty();
        assertThat(rule.businessTime(at(11, 17, 0), at(14, 8, 0))).isZero();
    }

    @Test
    void aFormThatIsRarelyUsedIsNeverCalledSilent() {
        List<Instant> few = List.of(at(1, 10, 0), at(2, 11, 0), at(3, 12, 0));
        assertThat(rule.check(few, at(31, 12, 0))).isEmpty();
        assertThat(rule.check(List.of(), at(31, 12, 0))).isEmpty();
    }

    @Test
    void aVeryBusyFormIsGivenAtLeastHalfAnHour() {
        List<Instant> times = new ArrayList<>();
        for (Instant t = at(7, 9, 0); !t.isAfter(at(7, 10, 0)); t = t.plus(Duration.ofMinutes(1))) times.add(t);
        assertThat(rule.check(times, at(7, 10, 29))).isEmpty();
        assertThat(rule.check(times, at(7, 10, 31))).isPresent();
    }
}
