package fi.mokadesk.sla;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * SLA outcomes of a period, from the timer rows: compliance (hit / (hit + missed)) per channel and agent,
 * the first-response-time distribution and the breaches. A timer belongs to the period it started in; a
 * running timer counts once it is missed. The agent is the one who answered, else the assignee.
 */
@Component
class SlaReport {

    static final ZoneId ZONE = ZoneId.of("Europe/Helsinki");

    private final JdbcClient jdbc;
    private final Workspaces workspaces;

    SlaReport(JdbcClient jdbc, Workspaces workspaces) {
        this.jdbc = jdbc;
        this.workspaces = workspaces;
    }

    record Period(Instant from, Instant to) {}

    record Compliance(String key, String name, long hit, long missed, Double compliance) {}

    record FirstResponse(long answered, Double medianMinutes, Double p90Minutes) {}

    record Outcome(
            UUID conversationId,
            String timer,
            String channel,
            UUID agentId,
            String agentName,
            OffsetDateTime startedAt,
            OffsetDateTime dueAt,
            OffsetDateTime stoppedAt,
            String outcome,
            String link) {}

    record Report(
            OffsetDateTime from,
            OffsetDateTime to,
            Compliance overall,
            List<Compliance> byChannel,
            List<Compliance> byAgent,
            FirstResponse firstResponse,
            List<Outcome> breaches) {}

    /** {@code from} and {@code to} as dates (Helsinki days, {@code to} inclusive) or ISO instants; default: the last 30 days. */
    static Period period(String from, String to) {
        Instant end = to == null || to.isBlank() ? Instant.now() : parse(to, "to", true);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(30)) : parse(from, "from", false);
        if (!end.isAfter(start)) throw new InvalidInput("to", "must be after from");
        if (Duration.between(start, end).toDays() > 366)
            throw new InvalidInput("from", "a report covers at most 366 days");
        return new Period(start, end);
    }

    private static Instant parse(String value, String field, boolean endOfDay) {
        String v = value.strip();
        try {
            LocalDate day = LocalDate.parse(v);
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZONE).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInput(field, "must be a date such as 2026-12-01 or an ISO-8601 time");
            }
        }
    }

    /** Every counted timer of the period (hit or missed), oldest first. */
    List<Outcome> outcomes(Period period) {
        Access.require(Role.LEAD);
        Map<UUID, String> names = workspaces.members().stream()
                .collect(Collectors.toMap(Workspaces.Member::userId, Workspaces.Member::displayName, (a, b) -> a));
        return jdbc.sql("""
                        select conversation_id, kind, channel, coalesce(stopped_by, assignee_id), started_at, due_at,
                               stopped_at, case when breached then 'missed' else 'hit' end
                          from sla_clock
                         where started_at >= ? and started_at < ? and (breached or state = 'stopped')
                         order by started_at, id
                        """)
                .params(SlaTimers.ts(period.from()), SlaTimers.ts(period.to()))
                .query((rs, i) -> {
                    UUID conversation = rs.getObject(1, UUID.class);
                    UUID agent = rs.getObject(4, UUID.class);
                    return new Outcome(
                            conversation,
                            rs.getString(2),
                            rs.getString(3),
                            agent,
                            agent == null ? null : names.get(agent),
                            local(rs.getObject(5, OffsetDateTime.class)),
                            local(rs.getObject(6, OffsetDateTime.class)),
                            local(rs.getObject(7, OffsetDateTime.class)),
                            rs.getString(8),
                            "/conversations/" + conversation);
                })
                .list();
    }

    Report report(Period period) {
        List<Outcome> outcomes = outcomes(period);
        FirstResponse first = jdbc.sql("""
                        select count(*),
                               percentile_cont(0.5) within group (order by extract(epoch from stopped_at - started_at)),
                               percentile_cont(0.9) within group (order by extract(epoch from stopped_at - started_at))
                          from sla_clock
                         where kind = 'first_response' and answered and started_at >= ? and started_at < ?
                        """)
                .params(SlaTimers.ts(period.from()), SlaTimers.ts(period.to()))
                .query((rs, i) -> new FirstResponse(
                        rs.getLong(1),
                        rs.getObject(2) == null ? null : round(rs.getDouble(2) / 60),
                        rs.getObject(3) == null ? null : round(rs.getDouble(3) / 60)))
                .single();
        return new Report(
                local(period.from()),
                local(period.to()),
                group(outcomes, o -> "all", o -> null).stream()
                        .findFirst()
                        .orElse(new Compliance("all", null, 0, 0, null)),
                group(outcomes, Outcome::channel, o -> null),
                group(outcomes, o -> o.agentId() == null ? "none" : o.agentId().toString(), Outcome::agentName),
                first,
                outcomes.stream()
                        .filter(o -> o.outcome().equals("missed"))
                        .limit(1000)
                        .toList());
    }

    private static List<Compliance> group(
            List<Outcome> outcomes, Function<Outcome, String> key, Function<Outcome, String> name) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            long[] c = counts.computeIfAbsent(key.apply(o), k -> new long[2]);
            c[o.outcome().equals("hit") ? 0 : 1]++;
            names.putIfAbsent(key.apply(o), name.apply(o));
        }
        List<Compliance> rows = new ArrayList<>();
        counts.forEach((k, c) -> rows.add(new Compliance(
                k, names.get(k), c[0], c[1], c[0] + c[1] == 0 ? null : round((double) c[0] / (c[0] + c[1])))));
        return rows;
    }

    /** The outcomes as CSV, one timer per line (RFC 4180 quoting). */
    static String csv(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder(
                "conversation_id,timer,channel,agent_id,agent,started_at,due_at,stopped_at,outcome,link\r\n");
        for (Outcome o : outcomes) {
            out.append(String.join(
                            ",",
                            o.conversationId().toString(),
                            o.timer(),
                            cell(o.channel()),
                            o.agentId() == null ? "" : o.agentId().toString(),
                            cell(o.agentName()),
                            text(o.startedAt()),
                            text(o.dueAt()),
                            text(o.stoppedAt()),
                            o.outcome(),
                            o.link()))
                    .append("\r\n");
        }
        return out.toString();
    }

    private static String cell(String value) {
        if (value == null) return "";
        // A leading =, +, - or @ would run as a formula in a spreadsheet.
        String safe = value.matches("^[=+\\-@].*") ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    private static String text(OffsetDateTime t) {
        return t == null ? "" : t.toString();
    }

    private static OffsetDateTime local(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(ZONE).toOffsetDateTime();
    }

    private static OffsetDateTime local(Instant t) {
        return t.atZone(ZONE).toOffsetDateTime();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
