package fi.mokadesk.sla;

import fi.mokadesk.conversation.ServiceLevels;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the conversation module where its conversations stand (its {@link ServiceLevels} question). */
@Component
class SlaLevels implements ServiceLevels {

    private final JdbcClient jdbc;
    private final SlaSettings settings;

    SlaLevels(JdbcClient jdbc, SlaSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    private record Timer(UUID conversationId, String kind, String state, OffsetDateTime dueAt, boolean breached) {}

    private record Owner(UUID policyId, String name, int version, UUID calendarId, String tier) {}

    @Override
    public Map<UUID, ServiceLevel> of(Collection<UUID> conversationIds) {
        if (conversationIds.isEmpty()) return Map.of();
        UUID[] ids = conversationIds.toArray(UUID[]::new);
        Map<UUID, Owner> owners = new HashMap<>();
        jdbc.sql("""
                        select c.conversation_id, p.id, p.name, p.version, p.calendar_id, c.tier
                          from sla_conversation c join sla_policy p on p.workspace_id = c.workspace_id and p.id = c.policy_id
                         where c.conversation_id = any(?)
                        """).param(ids).query(rs -> {
            owners.put(
                    rs.getObject(1, UUID.class),
                    new Owner(
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            rs.getInt(4),
                            rs.getObject(5, UUID.class),
                            rs.getString(6)));
        });
        Map<UUID, List<Timer>> timers = new LinkedHashMap<>();
        // Running and paused timers, then stopped ones: each half has its own partial index (V38).
        jdbc.sql("""
                        select conversation_id, kind, state, due_at, breached, started_at, id from sla_clock
                         where conversation_id = any(?) and state <> 'stopped'
                        union all
                        select conversation_id, kind, state, due_at, breached, started_at, id from sla_clock
                         where conversation_id = any(?) and state = 'stopped'
                        order by started_at, id
                        """).params(ids, ids).query(rs -> {
            Timer t = new Timer(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class),
                    rs.getBoolean(5));
            timers.computeIfAbsent(t.conversationId(), k -> new ArrayList<>()).add(t);
        });
        Map<UUID, ServiceLevel> levels = new HashMap<>();
        owners.forEach((conversation, owner) -> levels.put(
                conversation,
                level(
                        owner,
                        timers.getOrDefault(conversation, List.of()),
                        settings.calendar(owner.calendarId()).zone())));
        return levels;
    }

    /**
     * The latest timer of each kind gives the due times (the next-response time only while it runs). The
     * status: missed once any timer was missed, else paused while waiting on the customer, else active while
     * a timer runs, else hit.
     */
    private static ServiceLevel level(Owner owner, List<Timer> timers, ZoneId zone) {
        Map<String, Timer> latest = new HashMap<>();
        boolean missed = false;
        boolean paused = false;
        boolean running = false;
        OffsetDateTime next = null;
        for (Timer t : timers) {
            latest.put(t.kind(), t);
            missed |= t.breached();
            paused |= t.state().equals("paused");
            if (t.state().equals("running")) {
                running = true;
                if (t.dueAt() != null && (next == null || t.dueAt().isBefore(next))) next = t.dueAt();
            }
        }
        String status = missed ? "missed" : paused ? "paused" : running ? "active" : "hit";
        Timer nextResponse = latest.get(Kind.NEXT_RESPONSE.code());
        return new ServiceLevel(
                owner.name() + " v" + owner.version(),
                owner.tier(),
                local(latest.get(Kind.FIRST_RESPONSE.code()), zone),
                nextResponse != null && !nextResponse.state().equals("stopped") ? local(nextResponse, zone) : null,
                local(latest.get(Kind.RESOLUTION.code()), zone),
                status,
                next == null ? null : next.atZoneSameInstant(zone).toOffsetDateTime());
    }

    private static OffsetDateTime local(Timer t, ZoneId zone) {
        return t == null || t.dueAt() == null
                ? null
                : t.dueAt().atZoneSameInstant(zone).toOffsetDateTime();
    }

    @Override
    public List<UUID> mostUrgent(int offset, int limit) {
        return jdbc.sql("""
                        select conversation_id from sla_conversation
                         where workspace_id = current_workspace() and next_due_at is not null
                         order by next_due_at, conversation_id limit ? offset ?
                        """)
                .params(limit, Math.max(0, offset))
                .query(UUID.class)
                .list();
    }
}
