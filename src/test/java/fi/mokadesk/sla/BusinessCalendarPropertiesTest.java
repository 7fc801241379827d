package fi.mokadesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of business-hour arithmetic that hold for any start (2024–2030, covering nights, weekends,
 * holidays and every daylight-saving change of those years) and any amount of work.
 */
class BusinessCalendarPropertiesTest {

    static final BusinessCalendar OFFICE = BusinessCalendarTest.OFFICE;
    /** 2024-01-01T00:00:00Z and 2030-12-31T00:00:00Z in epoch seconds. */
    static final long FROM = 1_704_067_200L;

    static final long TO = 1_924_905_600L;

    @Property(tries = 300)
    void theBusinessTimeBetweenStartAndDueIsTheTarget(
            @ForAll @LongRange(min = FROM, max = TO) long start,
            @ForAll @LongRange(min = 0, max = 60 * 24 * 10) long minutes) {
        Instant from = Instant.ofEpochSecond(start);
        Instant due = OFFICE.plus(from, Duration.ofMinutes(minutes));
        assertThat(OFFICE.between(from, due)).isEqualTo(Duration.ofMinutes(minutes));
        assertThat(due).isAfterOrEqualTo(from);
    }

    @Property(tries = 300)
    void addingInTwoStepsIsAddingOnce(
            @ForAll @LongRange(min = FROM, max = TO) long start,
            @ForAll @LongRange(min = 1, max = 60 * 24 * 5) long first,
            @ForAll @LongRange(min = 1, max = 60 * 24 * 5) long second) {
        Instant from = Instant.ofEpochSecond(start);
        Instant once = OFFICE.plus(from, Duration.ofMinutes(first + second));
        Instant twice = OFFICE.plus(OFFICE.plus(from, Duration.ofMinutes(first)), Duration.ofMinutes(second));
        assertThat(twice).isEqualTo(once);
    }

    @Property(tries = 300)
    void aDueTimeIsInsideOpeningHoursOrAtAClose(
            @ForAll @LongRange(min = FROM, max = TO) long start,
            @ForAll @LongRange(min = 1, max = 60 * 24 * 10) long minutes) {
        Instant due = OFFICE.plus(Instant.ofEpochSecond(start), Duration.ofMinutes(minutes));
        // Just before a due time the office is open (the last minute of work happens in opening hours).
        assertThat(OFFICE.isOpen(due.minusSeconds(1))).isTrue();
    }

    @Property(tries = 200)
    void pausingAndResumingLaterNeverGivesMoreTimeThanTheTarget(
            @ForAll @LongRange(min = FROM, max = TO) long start,
            @ForAll @LongRange(min = 60, max = 60 * 24 * 3) long pauseAfter,
            @ForAll @LongRange(min = 0, max = 60 * 24 * 7) long pauseFor) {
        Duration target = Duration.ofHours(8);
        Instant from = Instant.ofEpochSecond(start);
        Instant pause = from.plus(Duration.ofMinutes(pauseAfter));
        Duration used = Deadlines.consumedAt(OFFICE, from, pause, Duration.ZERO);
        Instant resume = pause.plus(Duration.ofMinutes(pauseFor));
        Instant due = Deadlines.schedule(OFFICE, resume, used, target, 0.75).dueAt();
        Duration counted = used.plus(OFFICE.between(resume, due));
        // The run counts the whole target, or what was already used when that was more.
        assertThat(counted).isEqualTo(used.compareTo(target) > 0 ? used : target);
    }
}
