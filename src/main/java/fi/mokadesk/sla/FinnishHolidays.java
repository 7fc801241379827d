package fi.mokadesk.sla;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.LocalDate;
import java.time.Year;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Finnish public holidays from jollyday (including Christmas Eve and Midsummer Eve, when customer service
 * is closed in Finland although they are not statutory), computed once per year and kept.
 */
final class FinnishHolidays implements Predicate<LocalDate> {

    static final FinnishHolidays INSTANCE = new FinnishHolidays();

    private final HolidayManager manager =
            HolidayManager.getInstance(ManagerParameters.create(HolidayCalendar.FINLAND));
    private final Map<Integer, Set<LocalDate>> byYear = new ConcurrentHashMap<>();

    private FinnishHolidays() {}

    @Override
    public boolean test(LocalDate day) {
        return byYear.computeIfAbsent(day.getYear(), this::load).contains(day);
    }

    private Set<LocalDate> load(int year) {
        return manager.getHolidays(Year.of(year)).stream()
                .map(Holiday::getDate)
                .collect(Collectors.toUnmodifiableSet());
    }
}
