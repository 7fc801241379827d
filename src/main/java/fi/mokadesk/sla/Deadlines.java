package fi.mokadesk.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of one timer run. A run starts (or resumes after a pause) at {@code runStart} with part of
 * its target already used ({@code consumed}, from the runs before a pause); its warning and due time are
 * where the rest of the warning share and of the target end in the calendar.
 */
final class Deadlines {

    private Deadlines() {}

    record Schedule(Instant warnAt, Instant dueAt) {}

    static Schedule schedule(
            BusinessCalendar calendar, Instant runStart, Duration consumed, Duration target, double warnShare) {
        Duration left = positive(target.minus(consumed));
        Duration warnLeft = positive(
                Duration.ofMillis((long) (target.toMillis() * warnShare)).minus(consumed));
        return new Schedule(calendar.plus(runStart, warnLeft), calendar.plus(runStart, left));
    }

    /** Business time used by a run that started at {@code runStart} and pauses at {@code pauseAt}. */
    static Duration consumedAt(BusinessCalendar calendar, Instant runStart, Instant pauseAt, Duration before) {
        return before.plus(calendar.between(runStart, pauseAt));
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** What a due timer tells whom. */
    enum Notice {
        WARNING,
        BREACH
    }

    record Fired(Notice notice, String audience, int step) {}

    /**
     * Where a running timer stands: whether its warning and breach were told, and how many escalation steps
     * have run. {@link #fire} moves it to {@code now}, and the flags make moving twice to the same instant
     * tell nothing new (a second node that takes the same timer sends nothing).
     */
    record Clock(Instant warnAt, Instant dueAt, boolean warned, boolean breached, int step) {

        record Result(Clock clock, List<Fired> fired, Instant nextFireAt) {}

        Result fire(Instant now, List<PolicySpec.Step> chain) {
            List<Fired> fired = new ArrayList<>();
            boolean w = warned;
            boolean b = breached;
            int s = step;
            if (!b && !now.isBefore(dueAt)) {
                b = true;
                w = true; // a breach says more than the warning it overtook
            }
            if (!w && warnAt != null && !now.isBefore(warnAt)) {
                w = true;
                fired.add(new Fired(Notice.WARNING, "assignee", -1));
            }
            if (b && !breached && chain.isEmpty()) fired.add(new Fired(Notice.BREACH, "assignee", 0));
            while (b && s < chain.size()) {
                PolicySpec.Step next = chain.get(s);
                if (now.isBefore(dueAt.plus(Duration.ofMinutes(next.afterMinutes())))) break;
                fired.add(new Fired(Notice.BREACH, next.audience(), s));
                s++;
            }
            Clock after = new Clock(warnAt, dueAt, w, b, s);
            return new Result(after, fired, after.nextFireAt(chain));
        }

        /** The next instant something is to be told, or null when nothing is left. */
        Instant nextFireAt(List<PolicySpec.Step> chain) {
            if (!warned && warnAt != null && warnAt.isBefore(dueAt)) return warnAt;
            if (!breached) return dueAt;
            if (step < chain.size())
                return dueAt.plus(Duration.ofMinutes(chain.get(step).afterMinutes()));
            return null;
        }
    }
}
