package fi.mokadesk.sla;

import fi.mokadesk.kernel.InvalidInput;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A business-hours calendar as admins write it: {@code weeklyHours} maps a weekday ("monday") to
 * "08:00-16:00" ("00:00-24:00" for the whole day), {@code holidays} is "fi" (Finnish public holidays) or
 * "none", {@code closedDays} lists extra closed dates.
 */
record CalendarSpec(
        String name, String timeZone, String holidays, Map<String, String> weeklyHours, List<String> closedDays) {

    static final String DEFAULT_ZONE = "Europe/Helsinki";

    /** Monday to Friday 08:00–16:00 in Helsinki, closed on Finnish public holidays. */
    static CalendarSpec defaults(String name) {
        Map<String, String> weekly = new LinkedHashMap<>();
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday")) {
            weekly.put(day, "08:00-16:00");
        }
        return new CalendarSpec(name, DEFAULT_ZONE, "fi", weekly, List.of());
    }

    /** The same calendar with every field checked and normalised, or {@link InvalidInput} naming the field. */
    CalendarSpec validated() {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            throw new InvalidInput("name", "is required, at most 100 characters");
        }
        String zone = timeZone == null || timeZone.isBlank() ? DEFAULT_ZONE : timeZone.strip();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidInput("timeZone", "is not a time zone such as Europe/Helsinki");
        }
        String hol =
                holidays == null || holidays.isBlank() ? "fi" : holidays.strip().toLowerCase(Locale.ROOT);
        if (!Set.of("fi", "none").contains(hol)) throw new InvalidInput("holidays", "must be fi or none");
        if (weeklyHours == null || weeklyHours.isEmpty()) {
            throw new InvalidInput(
                    "weeklyHours", "needs at least one open weekday, e.g. {\"monday\": \"08:00-16:00\"}");
        }
        Map<String, String> weekly = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : weeklyHours.entrySet()) {
            DayOfWeek day = day(e.getKey());
            BusinessCalendar.Hours hours = hours(e.getValue(), "weeklyHours." + e.getKey());
            weekly.put(day.name().toLowerCase(Locale.ROOT), format(hours));
        }
        TreeSet<LocalDate> closed = new TreeSet<>();
        for (String d : closedDays == null ? List.<String>of() : closedDays) {
            try {
                closed.add(LocalDate.parse(d == null ? "" : d.strip()));
            } catch (DateTimeParseException e) {
                throw new InvalidInput("closedDays", "must be dates such as 2026-12-31");
            }
        }
        if (closed.size() > 1000) throw new InvalidInput("closedDays", "allows at most 1000 dates");
        return new CalendarSpec(
                cleanName,
                zone,
                hol,
                weekly,
                closed.stream().map(LocalDate::toString).toList());
    }

    /** The calendar to compute with (call on a validated spec). */
    BusinessCalendar calendar() {
        Map<DayOfWeek, BusinessCalendar.Hours> weekly = new EnumMap<>(DayOfWeek.class);
        weeklyHours.forEach((day, hours) -> weekly.put(day(day), hours(hours, "weeklyHours")));
        Set<LocalDate> closed = new TreeSet<>();
        closedDays.forEach(d -> closed.add(LocalDate.parse(d)));
        boolean finnish = "fi".equals(holidays);
        return BusinessCalendar.of(
                ZoneId.of(timeZone),
                weekly,
                day -> closed.contains(day) || (finnish && FinnishHolidays.INSTANCE.test(day)));
    }

    private static DayOfWeek day(String name) {
        try {
            return DayOfWeek.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInput("weeklyHours", "keys must be weekdays such as monday");
        }
    }

    private static BusinessCalendar.Hours hours(String value, String field) {
        String[] parts = value == null ? new String[0] : value.strip().split("\\s*-\\s*");
        if (parts.length != 2) throw new InvalidInput(field, "must look like 08:00-16:00");
        try {
            LocalTime open = LocalTime.parse(parts[0]);
            LocalTime close = parts[1].equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(parts[1]);
            return new BusinessCalendar.Hours(open, close);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "must look like 08:00-16:00");
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "must close after it opens");
        }
    }

    private static String format(BusinessCalendar.Hours hours) {
        return hours.open() + "-"
                + (hours.close().equals(LocalTime.MIDNIGHT)
                        ? "24:00"
                        : hours.close().toString());
    }
}
