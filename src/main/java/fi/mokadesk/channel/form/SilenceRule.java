package fi.mokadesk.channel.form;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a busy form has gone quiet for too long. A form can fail outside Mokadesk (the company's site posts
 * to a wrong address after a redesign), and then no canary notices: only the customers' silence does.
 *
 * <p>Time is counted in business hours only (by default Monday to Friday 8–17, Helsinki time), so a quiet
 * night or weekend is not silence. A form is "normally busy" when it has at least {@link #MIN_GAPS} gaps
 * between recent submissions; it is silent when the business time since its last submission exceeds
 * {@link #FACTOR} times its median gap, and at least {@link #MIN_SILENCE}.
 */
final class SilenceRule {

    static final int MIN_GAPS = 20;
    static final double FACTOR = 5;
    static final Duration MIN_SILENCE = Duration.ofMinutes(30);

    /** What the rule found: the last submission, the usual gap and how long it has been quiet (business time). */
    record Silence(Instant lastSubmission, Duration medianGap, Duration silentFor) {}

    private final ZoneId zone;
    private final LocalTime open;
    private final LocalTime close;
    private final Set<DayOfWeek> days;

    SilenceRule(ZoneId zone, LocalTime open, LocalTime close, Set<DayOfWeek> days) {
        this.zone = zone;
        this.open = open;
        this.close = close;
        this.days = days;
    }

    static SilenceRule finnishOfficeHours() {
        return new SilenceRule(
                ZoneId.of("Europe/Helsinki"),
                LocalTime.of(8, 0),
                LocalTime.of(17, 0),
                Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY));
    }

    /** {@code submissions} in any order (real ones only, no canaries or spam). */
    Optional<Silence> check(List<Instant> submissions, Instant now) {
        if (submissions.size() < 2) return Optional.empty();
        List<Instant> sorted = submissions.stream().sorted().toList();
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            Duration gap = businessTime(sorted.get(i - 1), sorted.get(i));
            if (!gap.isZero()) gaps.add(gap);
        }
        if (gaps.size() < MIN_GAPS) return Optional.empty();
        gaps.sort(null);
        Duration median = gaps.size() % 2 == 1
                ? gaps.get(gaps.size() / 2)
                : gaps.get(gaps.size() / 2 - 1).plus(gaps.get(gaps.size() / 2)).dividedBy(2);
        Instant last = sorted.get(sorted.size() - 1);
        Duration silent = businessTime(last, now);
        Duration threshold = Duration.ofMillis((long) (median.toMillis() * FACTOR));
        if (threshold.compareTo(MIN_SILENCE) < 0) threshold = MIN_SILENCE;
        return silent.compareTo(threshold) > 0 ? Optional.of(new Silence(last, median, silent)) : Optional.empty();
    }

    /** How much of the time from {@code from} to {@code to} falls in business hours (at most a year back). */
    Duration businessTime(Instant from, Instant to) {
        if (!to.isAfter(from)) return Duration.ZERO;
        if (Duration.between(from, to).toDays() > 366) from = to.minus(Duration.ofDays(366));
        Duration total = Duration.ZERO;
        LocalDate day = from.atZone(zone).toLocalDate();
        LocalDate last = to.atZone(zone).toLocalDate();
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (!days.contains(day.getDayOfWeek())) continue;
            ZonedDateTime start = day.atTime(open).atZone(zone);
            ZonedDateTime end = day.atTime(close).atZone(zone);
            Instant a = start.toInstant().isAfter(from) ? start.toInstant() : from;
            Instant b = end.toInstant().isBefore(to) ? end.toInstant() : to;
            if (b.isAfter(a)) total = total.plus(Duration.between(a, b));
        }
        return total;
    }
}
