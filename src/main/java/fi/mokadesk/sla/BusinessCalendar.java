package fi.mokadesk.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * When the team works, and how much of that working time lies between two instants. An SLA target such as
 * "8 business hours" is a stretch of working time: it runs only inside the weekly opening hours of the
 * calendar's time zone, skips closed days (public holidays, extra closed days) and is measured in real
 * elapsed time, so an opening window that spans a daylight-saving change is as long as the clocks on the
 * wall say. A calendar without closed days and open around the clock is the 24/7 calendar: business time
 * is then plain elapsed time.
 *
 * <p>Pure and immutable: the arithmetic is tested on its own ({@code BusinessCalendarTest}).
 */
final class BusinessCalendar {

    /** Opening hours of one weekday; {@code close} of {@link LocalTime#MIDNIGHT} means until the day's end. */
    record Hours(LocalTime open, LocalTime close) {
        Hours {
            Objects.requireNonNull(open);
            Objects.requireNonNull(close);
            if (!close.equals(LocalTime.MIDNIGHT) && !close.isAfter(open)) {
                throw new IllegalArgumentException("closing time must be after opening time");
            }
        }

        static Hours allDay() {
            return new Hours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
        }
    }

    /** How far ahead a deadline is searched; a calendar open less than once in ten years is refused. */
    private static final int MAX_DAYS = 3660;

    private final ZoneId zone;
    private final Map<DayOfWeek, Hours> weekly;
    private final Predicate<LocalDate> closed;
    private final boolean always;

    private BusinessCalendar(ZoneId zone, Map<DayOfWeek, Hours> weekly, Predicate<LocalDate> closed, boolean always) {
        this.zone = zone;
        this.weekly = weekly;
        this.closed = closed;
        this.always = always;
    }

    /** Around the clock, every day (the 24/7 calendar). */
    static BusinessCalendar always(ZoneId zone) {
        return new BusinessCalendar(zone, Map.of(), d -> false, true);
    }

    /**
     * @param weekly opening hours per weekday; a missing weekday is closed
     * @param closed the days that are closed although their weekday is open (holidays, extra closed days)
     */
    static BusinessCalendar of(ZoneId zone, Map<DayOfWeek, Hours> weekly, Predicate<LocalDate> closed) {
        if (weekly.isEmpty()) throw new IllegalArgumentException("a calendar needs at least one open weekday");
        return new BusinessCalendar(zone, new EnumMap<>(weekly), closed, false);
    }

    ZoneId zone() {
        return zone;
    }

    boolean isAlways() {
        return always;
    }

    /**
     * The instant at which {@code work} of business time has passed since {@code start}. A start outside
     * opening hours begins at the next opening; a result that exactly fills a window is that window's close.
     */
    Instant plus(Instant start, Duration work) {
        if (work.isNegative()) throw new IllegalArgumentException("negative business time");
        if (always) return start.plus(work);
        Duration left = work;
        LocalDate day = start.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            Instant[] window = window(day);
            if (window == null || !window[1].isAfter(start)) continue;
            Instant from = window[0].isAfter(start) ? window[0] : start;
            Duration available = Duration.between(from, window[1]);
            if (left.compareTo(available) <= 0) {
                // Zero work still moves a start outside opening hours to the next opening.
                return from.plus(left);
            }
            left = left.minus(available);
        }
        throw new IllegalStateException("the calendar has no opening hours within ten years");
    }

    /** Business time between two instants (zero when {@code to} is not after {@code from}). */
    Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) return Duration.ZERO;
        if (always) return Duration.between(from, to);
        Duration sum = Duration.ZERO;
        LocalDate day = from.atZone(zone).toLocalDate();
        LocalDate last = to.atZone(zone).toLocalDate();
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            Instant[] window = window(day);
            if (window == null) continue;
            Instant a = window[0].isAfter(from) ? window[0] : from;
            Instant b = window[1].isBefore(to) ? window[1] : to;
            if (b.isAfter(a)) sum = sum.plus(Duration.between(a, b));
        }
        return sum;
    }

    /** Whether {@code at} lies inside opening hours. */
    boolean isOpen(Instant at) {
        if (always) return true;
        Instant[] window = window(at.atZone(zone).toLocalDate());
        return window != null && !at.isBefore(window[0]) && at.isBefore(window[1]);
    }

    /**
     * The day's opening window as instants, or null when the day is closed. Local times that fall into a
     * daylight-saving gap move forward, as the clocks on the wall do.
     */
    private Instant[] window(LocalDate day) {
        Hours hours = weekly.get(day.getDayOfWeek());
        if (hours == null || closed.test(day)) return null;
        Instant open = day.atTime(hours.open()).atZone(zone).toInstant();
        Instant close = hours.close().equals(LocalTime.MIDNIGHT)
                ? day.plusDays(1).atStartOfDay(zone).toInstant()
                : day.atTime(hours.close()).atZone(zone).toInstant();
        return close.isAfter(open) ? new Instant[] {open, close} : null;
    }
}
