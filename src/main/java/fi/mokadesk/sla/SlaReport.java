package fi.mokadesk.sla;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Teams;
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
 * SLA outcomes of a period, from the timer rows: compliance (hit / (hit + missed)) per channel, team and agent,
 * the first-response-time distribution (median, p90, a histogram and each day's median and p90) and the
 * breaches. A timer belongs to the period it started in; a running timer counts once it is missed. The agent
 * is the one who answered, else the assignee; the team is the agent's team when the timer stopped (recorded
 * then), and for a missed timer still running the assignee's team now. Days and shown times are in the
 * workspace's time zone.
 */
@Component
class SlaReport {

    /** The zone of a workspace that has not chosen one. */
    static final ZoneId ZONE = ZoneId.of("Europe/Helsinki");

    /** Upper bounds (minutes) of the first-response histogram's bars; the last bar is everything longer. */
    static final int[] BUCKETS = {5, 15, 30, 60, 120, 240, 480, 1440};

    private final JdbcClient jdbc;
    private final Workspaces workspaces;
    private final Teams teams;

    SlaReport(JdbcClient jdbc, Workspaces workspaces, Teams teams) {
        this.jdbc = jdbc;
        this.workspaces = workspaces;
        this.teams = teams;
    }

    record Period(Instant from, Instant to, ZoneId zone) {}

    record Compliance(String key, String name, long hit, long missed, Double compliance) {}

    record FirstResponse(long answered, Double medianMinutes, Double p90Minutes) {}

    /** One bar of the first-response histogram: answered in [fromMinutes, toMinutes); toMinutes null = longer. */
    record Bucket(int fromMinutes, Integer toMinutes, long count) {}

    /** One day's first responses (by the day the customer wrote). */
    record Day(LocalDate day, long answered, Double medianMinutes, Double p90Minutes) {}

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
            String link,
            UUID teamId,
            String teamName,
            String tier) {}

    record Report(
            OffsetDateTime from,
            OffsetDateTime to,
            Compliance overall,
            List<Compliance> byChannel,
            List<Compliance> byTeam,
            List<Compliance> byAgent,
            FirstResponse firstResponse,
            List<Bucket> firstResponseDistribution,
            List<Day> firstResponseByDay,
            List<Outcome> breaches) {}

    /** The period of the current workspace's report, its days in the workspace's time zone. */
    Period period(String from, String to) {
        return period(from, to, workspaces.timeZone());
    }

    /** {@code from} and {@code to} as dates (days in {@code zone}, {@code to} inclusive) or ISO instants; default: the last 30 days. */
    static Period period(String from, String to, ZoneId zone) {
        Instant end = to == null || to.isBlank() ? Instant.now() : parse(to, "to", true, zone);
        Instant start =
                from == null || from.isBlank() ? end.minus(Duration.ofDays(30)) : parse(from, "from", false, zone);
        if (!end.isAfter(start)) throw new InvalidInput("to", "must be after from");
        if (Duration.between(start, end).toDays() > 366)
            throw new InvalidInput("from", "a report covers at most 366 days");
        return new Period(start, end, zone);
    }

    private static Instant parse(String value, String field, boolean endOfDay, ZoneId zone) {
        String v = value.strip();
        try {
            LocalDate day = LocalDate.parse(v);
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
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
        Map<UUID, String> teamNames = teams.names();
        Map<UUID, UUID> teamNow = teams.teamsOfMembers();
        return jdbc.sql("""
                        select conversation_id, kind, channel, coalesce(stopped_by, assignee_id), started_at, due_at,
                               stopped_at, case when breached then 'missed' else 'hit' end, team_id,
                               state = 'stopped', tier
                          from sla_clock
                         where started_at >= ? and started_at < ? and (breached or state = 'stopped')
                         order by started_at, id
                        """)
                .params(SlaTimers.ts(period.from()), SlaTimers.ts(period.to()))
                .query((rs, i) -> {
                    UUID conversation = rs.getObject(1, UUID.class);
                    UUID agent = rs.getObject(4, UUID.class);
                    // Stopped: the team recorded when it stopped. Missed and still running: the assignee's now.
                    UUID team =
                            rs.getBoolean(10) ? rs.getObject(9, UUID.class) : agent == null ? null : teamNow.get(agent);
                    return new Outcome(
                            conversation,
                            rs.getString(2),
                            rs.getString(3),
                            agent,
                            agent == null ? null : names.get(agent),
                            local(rs.getObject(5, OffsetDateTime.class), period.zone()),
                            local(rs.getObject(6, OffsetDateTime.class), period.zone()),
                            local(rs.getObject(7, OffsetDateTime.class), period.zone()),
                            rs.getString(8),
                            "/conversations/" + conversation,
                            team,
                            team == null ? null : teamNames.get(team),
                            rs.getString(11));
                })
                .list();
    }

    /**
     * The first-response timers answered in a period (parameters: from, to), as every first-response figure of
     * the report counts them. An answered timer is a stopped one; saying so lets the index of stopped and missed
     * timers (sla_clock_report, V38) serve these queries.
     */
    private static final String ANSWERED_FIRST_RESPONSES =
            "kind = 'first_response' and answered and state = 'stopped' and started_at >= ? and started_at < ?";

    Report report(Period period) {
        List<Outcome> outcomes = outcomes(period);
        FirstResponse first = jdbc.sql("""
                        select count(*),
                               percentile_cont(0.5) within group (order by extract(epoch from stopped_at - started_at)),
                               percentile_cont(0.9) within group (order by extract(epoch from stopped_at - started_at))
                          from sla_clock
                         where %s
                        """.formatted(ANSWERED_FIRST_RESPONSES))
                .params(SlaTimers.ts(period.from()), SlaTimers.ts(period.to()))
                .query((rs, i) -> new FirstResponse(
                        rs.getLong(1),
                        rs.getObject(2) == null ? null : round(rs.getDouble(2) / 60),
                        rs.getObject(3) == null ? null : round(rs.getDouble(3) / 60)))
                .single();
        return new Report(
                local(period.from(), period.zone()),
                local(period.to(), period.zone()),
                group(outcomes, o -> "all", o -> null).stream()
                        .findFirst()
                        .orElse(new Compliance("all", null, 0, 0, null)),
                group(outcomes, Outcome::channel, o -> null),
                group(outcomes, o -> o.teamId() == null ? "none" : o.teamId().toString(), Outcome::teamName),
                group(outcomes, o -> o.agentId() == null ? "none" : o.agentId().toString(), Outcome::agentName),
                first,
                distribution(period),
                byDay(period),
                outcomes.stream()
                        .filter(o -> o.outcome().equals("missed"))
                        .limit(1000)
                        .toList());
    }

    /**
     * How long customers waited for the first answer, as histogram bars (elapsed time, not business time:
     * what the customer lived through). Every bar is listed, empty ones too, so periods compare.
     */
    private List<Bucket> distribution(Period period) {
        long[] counts = new long[BUCKETS.length + 1];
        // The bounds are this class's constants, not input.
        String bounds = java.util.Arrays.stream(BUCKETS)
                .mapToObj(String::valueOf)
                .collect(Collectors.joining(",", "array[", "]::float8[]"));
        jdbc.sql("select width_bucket((extract(epoch from stopped_at - started_at) / 60)::float8, " + bounds
                        + "), count(*) from sla_clock"
                        + " where " + ANSWERED_FIRST_RESPONSES
                        + " group by 1")
                .params(SlaTimers.ts(period.from()), SlaTimers.ts(period.to()))
                .query(rs -> {
                    counts[rs.getInt(1)] = rs.getLong(2);
                });
        List<Bucket> bars = new ArrayList<>();
        for (int i = 0; i <= BUCKETS.length; i++) {
            bars.add(new Bucket(i == 0 ? 0 : BUCKETS[i - 1], i < BUCKETS.length ? BUCKETS[i] : null, counts[i]));
        }
        return bars;
    }

    /** Each day's answered first responses with their median and p90 (minutes), days without any left out. */
    private List<Day> byDay(Period period) {
        return jdbc.sql("""
                        select day, count(*),
                               percentile_cont(0.5) within group (order by seconds),
                               percentile_cont(0.9) within group (order by seconds)
                          from (select (started_at at time zone ?)::date as day,
                                       extract(epoch from stopped_at - started_at) as seconds
                                  from sla_clock
                                 where %s) r
                         group by day order by day
                        """.formatted(ANSWERED_FIRST_RESPONSES))
                .params(period.zone().getId(), SlaTimers.ts(period.from()), SlaTimers.ts(period.to()))
                .query((rs, i) -> new Day(
                        rs.getObject(1, LocalDate.class),
                        rs.getLong(2),
                        round(rs.getDouble(3) / 60),
                        round(rs.getDouble(4) / 60)))
                .list();
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
                "conversation_id,timer,channel,agent_id,agent,started_at,due_at,stopped_at,outcome,link,team_id,team,"
                        + "tier\r\n");
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
                            o.link(),
                            o.teamId() == null ? "" : o.teamId().toString(),
                            cell(o.teamName()),
                            o.tier()))
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

    private static OffsetDateTime local(OffsetDateTime t, ZoneId zone) {
        return t == null ? null : t.atZoneSameInstant(zone).toOffsetDateTime();
    }

    private static OffsetDateTime local(Instant t, ZoneId zone) {
        return t.atZone(zone).toOffsetDateTime();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
