package fi.mokadesk.sla;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workspace's calendars and policies. A policy change writes a new version and leaves the old one for
 * the timers that run on it; a calendar change applies to every computation from then on (due times already
 * computed stay). A workspace without policies gets the defaults on its first conversation.
 */
@Component
class SlaSettings {

    static final String DEFAULT_POLICY = "Oletus";
    static final String DEFAULT_CALENDAR = "Arkipäivät 8–16";
    /** How long a node keeps the current default policy and calendars before it looks again. */
    private static final long CACHE_MILLIS = 5_000;

    /** One version of a policy, as timers use it. */
    record Policy(UUID id, UUID key, int version, String name, UUID calendarId, PolicySpec spec) {}

    record PolicyView(
            UUID id,
            int version,
            UUID versionId,
            String name,
            boolean isDefault,
            UUID calendarId,
            int warnAtPercent,
            boolean pauseWhilePending,
            List<PolicySpec.Target> targets,
            List<PolicySpec.Step> escalation,
            String chatWebhookUrl,
            int keyAccountPercent,
            OffsetDateTime createdAt,
            String createdBy) {}

    record CalendarView(
            UUID id,
            String name,
            String timeZone,
            String holidays,
            Map<String, String> weeklyHours,
            List<String> closedDays,
            OffsetDateTime updatedAt) {}

    private record Cached<T>(T value, long at) {
        boolean fresh() {
            return System.currentTimeMillis() - at < CACHE_MILLIS;
        }
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<UUID, Policy> versions = new ConcurrentHashMap<>();
    private final Map<UUID, Cached<UUID>> defaults = new ConcurrentHashMap<>();
    private final Map<UUID, Cached<BusinessCalendar>> calendars = new ConcurrentHashMap<>();

    private final TransactionTemplate separate;

    SlaSettings(JdbcClient jdbc, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.events = events;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    // --- for timers (current workspace, caller's transaction) ----------------------------------------------

    /** The policy version new conversations of the current workspace get; creates the defaults when none. */
    Policy currentDefault() {
        UUID ws = Tenant.require();
        Cached<UUID> cached = defaults.get(ws);
        if (cached != null && cached.fresh()) return policy(cached.value());
        UUID id = findDefault();
        if (id == null) {
            // In a transaction of their own, committed before anyone caches or references them: the caller's
            // transaction (an ingest batch) may still roll back, and other transactions must see them.
            separate.executeWithoutResult(status -> {
                // Two first conversations of a new workspace at once must not both write the defaults.
                jdbc.sql("select pg_advisory_xact_lock(hashtext('sla-defaults:' || ?))")
                        .param(ws.toString())
                        .query()
                        .singleRow();
                if (findDefault() == null) createDefaults(ws);
            });
            id = findDefault();
        }
        defaults.put(ws, new Cached<>(id, System.currentTimeMillis()));
        return policy(id);
    }

    /** Forgets the workspace's default policy once the change commits (before, others still see the old one). */
    private void forgetDefaultAfterCommit(UUID ws) {
        defaults.remove(ws);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    defaults.remove(ws);
                }
            });
        }
    }

    private UUID findDefault() {
        return jdbc.sql("select id from sla_policy where is_current and is_default")
                .query(UUID.class)
                .optional()
                .orElse(null);
    }

    private UUID createDefaults(UUID ws) {
        CalendarSpec calendar = CalendarSpec.defaults(DEFAULT_CALENDAR);
        UUID calendarId = jdbc.sql("""
                        insert into sla_calendar (workspace_id, name, time_zone, weekly_hours, holidays)
                        values (?, ?, ?, ?::jsonb, ?)
                        on conflict (workspace_id, name) do update set name = excluded.name
                        returning id
                        """)
                .params(ws, calendar.name(), calendar.timeZone(), json.writeValueAsString(calendar.weeklyHours()), "fi")
                .query(UUID.class)
                .single();
        PolicySpec spec = PolicySpec.defaults(DEFAULT_POLICY, calendarId);
        return insertVersion(ws, UUID.randomUUID(), 1, spec, "Mokadesk");
    }

    /** A policy version by id (versions never change, so they are kept once read). */
    Policy policy(UUID versionId) {
        Policy known = versions.get(versionId);
        if (known != null) return known;
        Policy p = jdbc.sql("select id, policy_key, version, name, calendar_id, rules from sla_policy where id = ?")
                .param(versionId)
                .query((rs, i) -> new Policy(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getObject(5, UUID.class),
                        json.readValue(rs.getString(6), PolicySpec.class)))
                .optional()
                .orElseThrow(() -> new NotFound("no such policy version"));
        versions.put(versionId, p);
        return p;
    }

    /** The calendar to count a policy's business hours with (24/7 when the target is not in business hours). */
    BusinessCalendar calendar(Policy policy, boolean businessHours) {
        BusinessCalendar business = calendar(policy.calendarId());
        return businessHours ? business : BusinessCalendar.always(business.zone());
    }

    BusinessCalendar calendar(UUID calendarId) {
        Cached<BusinessCalendar> cached = calendars.get(calendarId);
        if (cached != null && cached.fresh()) return cached.value();
        BusinessCalendar calendar = findCalendar(calendarId).spec().calendar();
        calendars.put(calendarId, new Cached<>(calendar, System.currentTimeMillis()));
        return calendar;
    }

    // --- calendars ----------------------------------------------------------------------------------------

    private record StoredCalendar(CalendarView view, CalendarSpec spec) {}

    List<CalendarView> calendars() {
        Access.require(Role.VIEWER);
        currentDefault();
        return jdbc.sql(CALENDAR_SELECT + " order by lower(name)").query(this::calendarRow).list().stream()
                .map(StoredCalendar::view)
                .toList();
    }

    CalendarView calendarView(UUID id) {
        Access.require(Role.VIEWER);
        return findCalendar(id).view();
    }

    @Transactional
    CalendarView createCalendar(CalendarSpec raw) {
        Access access = Access.require(Role.ADMIN);
        CalendarSpec spec = validated(raw);
        requireFreeName("sla_calendar", spec.name(), null);
        UUID id = jdbc.sql("""
                        insert into sla_calendar (workspace_id, name, time_zone, weekly_hours, holidays, closed_days)
                        values (?, ?, ?, ?::jsonb, ?, ?) returning id
                        """)
                .params(
                        access.workspaceId(),
                        spec.name(),
                        spec.timeZone(),
                        json.writeValueAsString(spec.weeklyHours()),
                        spec.holidays(),
                        dates(spec))
                .query(UUID.class)
                .single();
        events.publishEvent(new Audited("sla.calendar.create", "sla_calendar", id.toString(), null, spec));
        return findCalendar(id).view();
    }

    @Transactional
    CalendarView updateCalendar(UUID id, CalendarSpec raw) {
        Access.require(Role.ADMIN);
        CalendarSpec spec = validated(raw);
        StoredCalendar before = findCalendar(id);
        requireFreeName("sla_calendar", spec.name(), id);
        jdbc.sql("""
                        update sla_calendar set name = ?, time_zone = ?, weekly_hours = ?::jsonb, holidays = ?,
                               closed_days = ?, updated_at = now()
                         where id = ?
                        """)
                .params(
                        spec.name(),
                        spec.timeZone(),
                        json.writeValueAsString(spec.weeklyHours()),
                        spec.holidays(),
                        dates(spec),
                        id)
                .update();
        calendars.remove(id);
        events.publishEvent(new Audited("sla.calendar.update", "sla_calendar", id.toString(), before.spec(), spec));
        return findCalendar(id).view();
    }

    private static CalendarSpec validated(CalendarSpec raw) {
        if (raw == null) throw new InvalidInput("body", "is required");
        return raw.validated();
    }

    private Object dates(CalendarSpec spec) {
        return spec.closedDays().stream().map(Date::valueOf).toArray(Date[]::new);
    }

    private static final String CALENDAR_SELECT =
            "select id, name, time_zone, weekly_hours, holidays, closed_days, updated_at from sla_calendar";

    private StoredCalendar findCalendar(UUID id) {
        return jdbc.sql(CALENDAR_SELECT + " where id = ?")
                .param(id)
                .query(this::calendarRow)
                .optional()
                .orElseThrow(() -> new NotFound("no such calendar"));
    }

    private StoredCalendar calendarRow(ResultSet rs, int row) throws SQLException {
        Map<String, String> weekly = json.readValue(rs.getString(4), new TypeReference<Map<String, String>>() {});
        Array closed = rs.getArray(6);
        List<String> days = closed == null
                ? List.of()
                : Arrays.stream((Object[]) closed.getArray())
                        .map(Object::toString)
                        .toList();
        CalendarSpec spec = new CalendarSpec(rs.getString(2), rs.getString(3), rs.getString(5), weekly, days);
        return new StoredCalendar(
                new CalendarView(
                        rs.getObject(1, UUID.class),
                        spec.name(),
                        spec.timeZone(),
                        spec.holidays(),
                        weekly,
                        days,
                        rs.getObject(7, OffsetDateTime.class)),
                spec);
    }

    // --- policies -----------------------------------------------------------------------------------------

    private static final String POLICY_SELECT = """
            select policy_key, version, id, name, is_default, calendar_id, rules, created_at, created_by
              from sla_policy where is_current
            """;

    List<PolicyView> policies() {
        Access.require(Role.VIEWER);
        currentDefault();
        return jdbc.sql(POLICY_SELECT + " order by is_default desc, lower(name)")
                .query(this::policyRow)
                .list();
    }

    PolicyView policyView(UUID key) {
        Access.require(Role.VIEWER);
        return jdbc.sql(POLICY_SELECT + " and policy_key = ?")
                .param(key)
                .query(this::policyRow)
                .optional()
                .orElseThrow(() -> new NotFound("no such policy"));
    }

    @Transactional
    PolicyView createPolicy(PolicySpec raw) {
        Access access = Access.require(Role.ADMIN);
        currentDefault();
        PolicySpec spec = validated(raw);
        requireFreeName("sla_policy", spec.name(), null);
        if (spec.isDefault()) clearDefault();
        UUID key = UUID.randomUUID();
        insertVersion(access.workspaceId(), key, 1, spec, access.actor().name());
        events.publishEvent(new Audited("sla.policy.create", "sla_policy", key.toString(), null, spec));
        forgetDefaultAfterCommit(access.workspaceId());
        return policyView(key);
    }

    /** A new version of the policy; conversations already running keep the version they started with. */
    @Transactional
    PolicyView updatePolicy(UUID key, PolicySpec raw) {
        Access access = Access.require(Role.ADMIN);
        PolicySpec spec = validated(raw);
        PolicyView before = policyView(key);
        requireFreeName("sla_policy", spec.name(), key);
        if (before.isDefault() && !spec.isDefault()) {
            throw new InvalidInput("default", "a workspace keeps one default policy: make another policy the default");
        }
        jdbc.sql("update sla_policy set is_current = false where policy_key = ? and is_current")
                .param(key)
                .update();
        if (spec.isDefault()) clearDefault();
        insertVersion(
                access.workspaceId(),
                key,
                before.version() + 1,
                spec,
                access.actor().name());
        events.publishEvent(new Audited("sla.policy.update", "sla_policy", key.toString(), before, spec));
        forgetDefaultAfterCommit(access.workspaceId());
        return policyView(key);
    }

    /**
     * Sets the share of each target key accounts get, as a new version of the policy (the SLA page's form);
     * everything else stays as it is.
     */
    @Transactional
    PolicyView changeKeyAccountPercent(UUID key, Integer percent) {
        Access.require(Role.ADMIN);
        if (percent == null) throw new InvalidInput("keyAccountPercent", "is required");
        PolicyView current = policyView(key);
        return updatePolicy(
                key,
                new PolicySpec(
                        current.name(),
                        current.calendarId(),
                        current.warnAtPercent(),
                        current.pauseWhilePending(),
                        current.isDefault(),
                        current.targets(),
                        current.escalation(),
                        current.chatWebhookUrl(),
                        percent));
    }

    private PolicySpec validated(PolicySpec raw) {
        if (raw == null) throw new InvalidInput("body", "is required");
        PolicySpec spec = raw.validated();
        UUID calendarId = spec.calendarId();
        if (calendarId == null) {
            calendarId = jdbc.sql("select calendar_id from sla_policy where is_current and is_default")
                    .query(UUID.class)
                    .optional()
                    .orElseThrow(() -> new InvalidInput("calendarId", "is required"));
        } else if (!jdbc.sql("select exists (select 1 from sla_calendar where id = ?)")
                .param(calendarId)
                .query(Boolean.class)
                .single()) {
            throw new InvalidInput("calendarId", "is not a calendar of this workspace");
        }
        return new PolicySpec(
                spec.name(),
                calendarId,
                spec.warnAtPercent(),
                spec.pauseWhilePending(),
                spec.isDefault(),
                spec.targets(),
                spec.escalation(),
                spec.chatWebhookUrl(),
                spec.keyAccountPercent());
    }

    private void clearDefault() {
        jdbc.sql("update sla_policy set is_default = false where is_current and is_default")
                .update();
    }

    private void requireFreeName(String table, String name, UUID except) {
        // The table name comes from the callers above, never from a request.
        String keyColumn = table.equals("sla_policy") ? "policy_key" : "id";
        String current = table.equals("sla_policy") ? " and is_current" : "";
        boolean taken = jdbc.sql("select exists (select 1 from " + table + " where lower(name) = lower(?)" + current
                        + " and " + keyColumn + " is distinct from ?)")
                .params(name, except)
                .query(Boolean.class)
                .single();
        if (taken) throw new InvalidInput("name", "is already used");
    }

    private UUID insertVersion(UUID ws, UUID key, int version, PolicySpec spec, String by) {
        return jdbc.sql("""
                        insert into sla_policy (workspace_id, policy_key, version, name, is_default, calendar_id,
                                                rules, created_by)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?) returning id
                        """)
                .params(
                        ws,
                        key,
                        version,
                        spec.name(),
                        spec.isDefault(),
                        spec.calendarId(),
                        json.writeValueAsString(spec),
                        by)
                .query(UUID.class)
                .single();
    }

    private PolicyView policyRow(ResultSet rs, int row) throws SQLException {
        PolicySpec spec = json.readValue(rs.getString(7), PolicySpec.class);
        return new PolicyView(
                rs.getObject(1, UUID.class),
                rs.getInt(2),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getBoolean(5),
                rs.getObject(6, UUID.class),
                spec.warnAtPercent(),
                spec.pauseWhilePending(),
                spec.targets(),
                spec.escalation(),
                spec.chatWebhookUrl(),
                spec.keyAccountShare(),
                rs.getObject(8, OffsetDateTime.class),
                rs.getString(9));
    }
}
