package fi.mokadesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.kernel.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Business-hour arithmetic of the default calendar (Monday–Friday 08:00–16:00 Helsinki, Finnish public
 * holidays) around nights, weekends, holidays and the daylight-saving changes, and pause/resume.
 */
class BusinessCalendarTest {

    static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");
    static final BusinessCalendar OFFICE =
            CalendarSpec.defaults("office").validated().calendar();

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(HELSINKI).toInstant();
    }

    @ParameterizedTest(name = "{0} + {1} min = {2}")
    @CsvSource({
        // inside one day
        "2026-12-02T09:00, 60, 2026-12-02T10:00",
        // over the night: an hour left on Wednesday, the rest on Thursday morning
        "2026-12-02T15:00, 120, 2026-12-03T09:00",
        // a message at night starts counting at the next opening
        "2026-12-02T22:30, 60, 2026-12-03T09:00",
        // over the weekend
        "2026-11-27T15:30, 60, 2026-11-30T08:30",
        // Saturday message: Monday morning
        "2026-11-28T12:00, 240, 2026-11-30T12:00",
        // Independence Day (Sunday 6.12.2026 is already closed); Christmas Eve to Boxing Day 2026: Thu-Sat
        "2026-12-23T15:00, 120, 2026-12-28T09:00",
        // Easter 2026: Good Friday 3.4. and Easter Monday 6.4. are closed
        "2026-04-02T15:00, 120, 2026-04-07T09:00",
        // Juhannus 2026: Midsummer Eve Friday 19.6. is closed
        "2026-06-18T15:00, 120, 2026-06-22T09:00",
        // Ascension Day 14.5.2026 (Thursday)
        "2026-05-13T15:00, 120, 2026-05-15T09:00",
        // 8 business hours of email from Friday noon
        "2026-11-27T12:00, 480, 2026-11-30T12:00",
        // exactly filling a day ends at its close
        "2026-12-02T08:00, 480, 2026-12-02T16:00",
        // across the spring DST change (Sunday 29.3.2026): Friday 15:00 + 2 h = Monday 09:00 local
        "2026-03-27T15:00, 120, 2026-03-30T09:00",
        // across the autumn DST change (Sunday 25.10.2026)
        "2026-10-23T15:00, 120, 2026-10-26T09:00"
    })
    void addsBusinessTime(String start, long minutes, String expected) {
        Instant due = OFFICE.plus(at(start), Duration.ofMinutes(minutes));
        assertThat(due).isEqualTo(at(expected));
        // and the way back: the business time between start and due is what was added
        assertThat(OFFICE.between(at(start), due)).isEqualTo(Duration.ofMinutes(minutes));
    }

    @Test
    void aWholeDayCalendarFollowsTheWallClockOverDaylightSavingChanges() {
        BusinessCalendar allWeek = new CalendarSpec(
                        "all week",
                        "Europe/Helsinki",
                        "none",
                        Map.of(
                                "monday", "00:00-24:00",
                                "tuesday", "00:00-24:00",
                                "wednesday", "00:00-24:00",
                                "thursday", "00:00-24:00",
                                "friday", "00:00-24:00",
                                "saturday", "00:00-24:00",
                                "sunday", "00:00-24:00"),
                        List.of())
                .validated()
                .calendar();
        // The spring-forward Sunday has 23 hours, the fall-back Sunday 25.
        assertThat(allWeek.between(at("2026-03-29T00:00"), at("2026-03-30T00:00")))
                .isEqualTo(Duration.ofHours(23));
        assertThat(allWeek.between(at("2026-10-25T00:00"), at("2026-10-26T00:00")))
                .isEqualTo(Duration.ofHours(25));
        // 24 business hours from Saturday midnight before the spring change end at Sunday 01:00 local...
        assertThat(allWeek.plus(at("2026-03-28T00:00"), Duration.ofHours(47))).isEqualTo(at("2026-03-30T00:00"));
    }

    @Test
    void anOpeningWindowOverTheNightOfTheChangeIsAsLongAsTheWallClockSays() {
        BusinessCalendar sundayNights = new CalendarSpec(
                        "night shift", "Europe/Helsinki", "none", Map.of("sunday", "02:00-05:00"), List.of())
                .validated()
                .calendar();
        // 03:00 → 04:00 in March: the window is two real hours; 04:00 → 03:00 in October: four.
        assertThat(sundayNights.between(at("2026-03-29T00:00"), at("2026-03-29T12:00")))
                .isEqualTo(Duration.ofHours(2));
        assertThat(sundayNights.between(at("2026-10-25T00:00"), at("2026-10-25T12:00")))
                .isEqualTo(Duration.ofHours(4));
    }

    @Test
    void extraClosedDaysAreSkipped() {
        BusinessCalendar withClosedDay = new CalendarSpec(
                        "office", null, "fi", CalendarSpec.defaults("x").weeklyHours(), List.of("2026-12-03"))
                .validated()
                .calendar();
        assertThat(withClosedDay.plus(at("2026-12-02T15:00"), Duration.ofMinutes(120)))
                .isEqualTo(at("2026-12-04T09:00"));
    }

    @Test
    void withoutHolidaysEasterIsAWorkingDay() {
        BusinessCalendar noHolidays = new CalendarSpec(
                        "office", null, "none", CalendarSpec.defaults("x").weeklyHours(), List.of())
                .validated()
                .calendar();
        assertThat(noHolidays.plus(at("2026-04-02T15:00"), Duration.ofMinutes(120)))
                .isEqualTo(at("2026-04-03T09:00"));
    }

    @Test
    void pauseKeepsTheBusinessTimeUsedAndResumeCountsTheRest() {
        Duration target = Duration.ofHours(8);
        // Started Wednesday 14:00; waiting on the customer from 15:00 (one business hour used)...
        Duration used = Deadlines.consumedAt(OFFICE, at("2026-12-02T14:00"), at("2026-12-02T15:00"), Duration.ZERO);
        assertThat(used).isEqualTo(Duration.ofHours(1));
        // ...the customer answers on Friday at 10:00: seven hours are left, due Monday 09:00.
        Deadlines.Schedule resumed = Deadlines.schedule(OFFICE, at("2026-12-04T10:00"), used, target, 0.75);
        assertThat(resumed.dueAt()).isEqualTo(at("2026-12-07T09:00"));
        // the warning at 75 % (6 h) is Friday 15:00 + ... = 5 business hours after resuming
        assertThat(resumed.warnAt()).isEqualTo(at("2026-12-04T15:00"));
        // A second pause adds to what was used before.
        Duration more = Deadlines.consumedAt(OFFICE, at("2026-12-04T10:00"), at("2026-12-04T12:30"), used);
        assertThat(more).isEqualTo(Duration.ofMinutes(210));
    }

    @Test
    void aTargetAlreadyUsedUpIsDueAtOnce() {
        Deadlines.Schedule s =
                Deadlines.schedule(OFFICE, at("2026-12-02T10:00"), Duration.ofHours(9), Duration.ofHours(8), 0.75);
        assertThat(s.dueAt()).isEqualTo(at("2026-12-02T10:00"));
    }

    @Test
    void refusesCalendarsThatCannotWork() {
        assertThatThrownBy(() -> new CalendarSpec("x", "Mars/Base", "fi", Map.of("monday", "08:00-16:00"), List.of())
                        .validated())
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("time zone");
        assertThatThrownBy(
                        () -> new CalendarSpec("x", null, null, Map.of("monday", "16:00-08:00"), List.of()).validated())
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("close after");
        assertThatThrownBy(() ->
                        new CalendarSpec("x", null, null, Map.of("someday", "08:00-16:00"), List.of()).validated())
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("weekdays");
        assertThatThrownBy(() -> new CalendarSpec("x", null, null, Map.of(), List.of()).validated())
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new CalendarSpec("x", null, null, Map.of("monday", "08:00-16:00"), List.of("31.12."))
                        .validated())
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("dates");
    }
}
