package fi.mokadesk.sla;

import fi.mokadesk.channel.Deliveries;
import fi.mokadesk.channel.OutboundMail;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.PublicUrl;
import fi.mokadesk.notification.Notifications;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds the timers whose warning, breach or escalation step is due and tells the right people. It reads
 * only due rows, through the index on {@code next_fire_at}, however many conversations are open. A due
 * timer is taken for a lease (so another node skips it) and then handled under its row lock, where the
 * warned / breached / step flags make a second handling of the same moment tell nobody again.
 */
@Component
class SlaSweep {

    static final int BATCH = 500;
    /** At most this many batches per run, so one run never holds the job for long. */
    static final int MAX_BATCHES = 40;

    private static final Logger log = LoggerFactory.getLogger(SlaSweep.class);
    /** Copies that leave the desk are written in Finnish, the desk's language. */
    private static final Locale NOTICE_LOCALE = Locale.forLanguageTag("fi");

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d.M. HH:mm");

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final SlaSettings settings;
    private final Workspaces workspaces;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final Deliveries deliveries;
    private final Counter warnings;
    private final Counter breaches;
    private final PublicUrl publicUrl;

    SlaSweep(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            SlaSettings settings,
            Workspaces workspaces,
            Notifications notifications,
            ApplicationEventPublisher events,
            Deliveries deliveries,
            MeterRegistry meters,
            @Value("${mokadesk.public-url:}") String publicUrl) {
        this.deliveries = deliveries;
        this.publicUrl = PublicUrl.of(publicUrl);
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.settings = settings;
        this.workspaces = workspaces;
        this.notifications = notifications;
        this.events = events;
        this.warnings = Counter.builder("mokadesk.sla.warnings")
                .description("SLA warnings told")
                .register(meters);
        this.breaches = Counter.builder("mokadesk.sla.breaches")
                .description("SLA breaches found")
                .register(meters);
    }

    record Claimed(UUID workspaceId, UUID id) {}

    /** Handles everything due now; returns how many timers it took. */
    int sweep() {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            List<Claimed> due = jdbc.sql("select workspace_id, id from claim_due_sla_clocks(?, interval '2 minutes')")
                    .param(BATCH)
                    .query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                    .list();
            Map<UUID, List<UUID>> byWorkspace = new LinkedHashMap<>();
            for (Claimed c : due)
                byWorkspace
                        .computeIfAbsent(c.workspaceId(), k -> new ArrayList<>())
                        .add(c.id());
            byWorkspace.forEach((ws, ids) -> {
                try {
                    Tenant.run(ws, () -> transaction.executeWithoutResult(status -> handle(ids)));
                } catch (RuntimeException e) {
                    // The lease runs out and the next sweep tries these again.
                    log.warn("SLA timers of workspace {} not handled, will retry: {}", ws, e.toString());
                }
            });
            total += due.size();
            if (due.size() < BATCH) break;
        }
        return total;
    }

    private record Row(
            UUID id,
            UUID conversationId,
            String kind,
            UUID policyId,
            UUID assigneeId,
            Instant warnAt,
            Instant dueAt,
            boolean warned,
            boolean breached,
            int step) {}

    private void handle(List<UUID> ids) {
        List<Row> rows = jdbc.sql("""
                        select id, conversation_id, kind, policy_id, assignee_id, warn_at, due_at, warned, breached,
                               escalation_step
                          from sla_clock where id = any(?) and state = 'running' for update
                        """)
                .param(ids.toArray(UUID[]::new))
                .query((rs, i) -> new Row(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getObject(4, UUID.class),
                        rs.getObject(5, UUID.class),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7).toInstant(),
                        rs.getBoolean(8),
                        rs.getBoolean(9),
                        rs.getInt(10)))
                .list();
        if (rows.isEmpty()) return;
        Instant now = Instant.now();
        List<Workspaces.Member> members = null;
        for (Row row : rows) {
            SlaSettings.Policy policy = settings.policy(row.policyId());
            List<PolicySpec.Step> chain = policy.spec().escalation();
            Deadlines.Clock.Result result = new Deadlines.Clock(
                            row.warnAt(), row.dueAt(), row.warned(), row.breached(), row.step())
                    .fire(now, chain);
            if (!result.fired().isEmpty() && members == null) members = workspaces.members();
            ZoneId zone = settings.calendar(policy.calendarId()).zone();
            for (Deadlines.Fired fired : result.fired()) {
                tell(row, fired, members, zone, policy);
            }
            if (!row.breached() && result.clock().breached()) {
                breaches.increment();
                events.publishEvent(new SlaBreached(Tenant.require(), row.conversationId(), row.kind(), row.dueAt()));
            }
            jdbc.sql("""
                            update sla_clock set warned = ?, breached = ?, escalation_step = ?, next_fire_at = ?
                             where id = ?
                            """)
                    .params(
                            result.clock().warned(),
                            result.clock().breached(),
                            result.clock().step(),
                            SlaTimers.ts(result.nextFireAt()),
                            row.id())
                    .update();
        }
    }

    /**
     * Tells a step's people in the notification centre and, for those newly told, by email (when a mail
     * server is configured) and once in the policy's chat channel, all through the outbox in this
     * transaction; the idempotency keys make a second handling of the same step enqueue nothing.
     */
    private void tell(
            Row row, Deadlines.Fired fired, List<Workspaces.Member> members, ZoneId zone, SlaSettings.Policy policy) {
        boolean warning = fired.notice() == Deadlines.Notice.WARNING;
        if (warning) warnings.increment();
        List<Notifications.Recipient> to = recipients(fired.audience(), row.assigneeId(), members);
        String key = "sla." + (warning ? "warning." : "breach.") + row.kind();
        String due = SHORT.format(row.dueAt().atZone(zone));
        String step = row.id() + (warning ? ":warning" : ":breach:" + fired.step());
        Notifications.Notice notice = new Notifications.Notice(
                warning ? "sla.warning" : "sla.breach",
                key,
                List.of(due),
                "/conversations/" + row.conversationId(),
                step);
        List<Notifications.Recipient> told = notifications.notify(to, notice);
        if (told.isEmpty()) return;
        // The link opens the conversation from a mail program or a chat when the desk's public address is set
        // (MOKADESK_PUBLIC_URL); otherwise it is the desk's path of the conversation.
        String text = notifications.text(notice, NOTICE_LOCALE) + "\n" + publicUrl.link(notice.link());
        String reference = row.conversationId().toString();
        if (deliveries.mailConfigured()) {
            for (Notifications.Recipient r : told) {
                if (r.email() == null) continue;
                deliveries.mail(
                        "sla:" + step + ":mail:" + r.email(),
                        reference,
                        new OutboundMail(r.email(), notifications.text(notice, NOTICE_LOCALE), text));
            }
        }
        if (policy.spec().chatWebhookUrl() != null) {
            deliveries.chat("sla:" + step + ":chat", reference, policy.spec().chatWebhookUrl(), text);
        }
    }

    /**
     * The people of a step: the assignee (leads when nobody is assigned), leads (admins when the workspace
     * has no leads) or admins; only enabled members.
     */
    static List<Notifications.Recipient> recipients(String audience, UUID assigneeId, List<Workspaces.Member> members) {
        List<Workspaces.Member> enabled =
                members.stream().filter(Workspaces.Member::enabled).toList();
        if (audience.equals("assignee")) {
            List<Notifications.Recipient> assignee = enabled.stream()
                    .filter(m -> m.userId().equals(assigneeId))
                    .map(m -> new Notifications.Recipient(m.userId(), m.email()))
                    .toList();
            return assignee.isEmpty() ? recipients("leads", null, members) : assignee;
        }
        Role role = audience.equals("leads") ? Role.LEAD : Role.ADMIN;
        List<Notifications.Recipient> people = enabled.stream()
                .filter(m -> m.role() == role)
                .map(m -> new Notifications.Recipient(m.userId(), m.email()))
                .toList();
        return people.isEmpty() && role == Role.LEAD ? recipients("admins", null, members) : people;
    }
}
