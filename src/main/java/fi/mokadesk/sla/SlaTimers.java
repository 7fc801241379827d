package fi.mokadesk.sla;

import fi.mokadesk.conversation.ConversationAssigned;
import fi.mokadesk.conversation.ConversationCreated;
import fi.mokadesk.conversation.ConversationPriorityChanged;
import fi.mokadesk.conversation.ConversationReopened;
import fi.mokadesk.conversation.ConversationResolved;
import fi.mokadesk.conversation.ConversationStatus;
import fi.mokadesk.conversation.ConversationStatusChanged;
import fi.mokadesk.conversation.FirstReplySent;
import fi.mokadesk.conversation.MessageReceived;
import fi.mokadesk.conversation.ReplySent;
import fi.mokadesk.database.Tenant;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the SLA timers in step with the conversations, from the conversation events alone. Every listener
 * runs inside the transaction that made the change, so a timer starts or stops exactly when the message,
 * reply or status change is stored, and not at all when it rolls back.
 *
 * <ul>
 *   <li>A new conversation starts its first-response and resolution timers at the message's {@code receivedAt}.
 *   <li>A customer message after the first reply starts a next-response timer (one at a time).
 *   <li>The first reply stops the first-response timer; any reply stops the next-response timer.
 *   <li>Pending pauses the running timers when the policy says so; back to open resumes them.
 *   <li>Resolving stops every timer; reopening a resolved conversation starts a new resolution timer.
 *   <li>A new priority re-targets the running timers under the conversation's own policy version.
 * </ul>
 */
@Component
class SlaTimers {

    private static final Logger log = LoggerFactory.getLogger(SlaTimers.class);

    /** Messages older than this start timers that record an outcome but notify nobody. */
    static final Duration HISTORY = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final SlaSettings settings;

    private final TransactionTemplate savepoint;

    SlaTimers(JdbcClient jdbc, SlaSettings settings, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Runs a timer change inside a savepoint of the publisher's transaction: if it fails, only the timer change
     * is undone and logged, and the customer's message or the agent's reply is stored all the same. A timer
     * is worth less than the message it times.
     */
    private void guarded(UUID workspace, UUID conversation, Runnable change) {
        try {
            Tenant.run(workspace, () -> savepoint.executeWithoutResult(status -> change.run()));
        } catch (RuntimeException e) {
            log.error("SLA timers of conversation {} not updated: {}", conversation, e.toString(), e);
        }
    }

    record Facts(UUID policyId, String channel, boolean isPublic, String priority, UUID assigneeId, String status) {}

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ConversationCreated e) {
        guarded(e.workspaceId(), e.conversationId(), () -> {
            SlaSettings.Policy policy = settings.currentDefault();
            Instant at = e.at();
            jdbc.sql("""
                            insert into sla_conversation (workspace_id, conversation_id, policy_id, channel, is_public,
                                                          created_at)
                            values (?, ?, ?, ?, ?, ?) on conflict do nothing
                            """)
                    .params(e.workspaceId(), e.conversationId(), policy.id(), e.channel(), e.isPublic(), ts(at))
                    .update();
            Facts facts = facts(e.conversationId());
            start(e.conversationId(), Kind.FIRST_RESPONSE, facts, at);
            start(e.conversationId(), Kind.RESOLUTION, facts, at);
            refresh(e.conversationId());
        });
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(MessageReceived e) {
        guarded(e.workspaceId(), e.conversationId(), () -> {
            Facts facts = facts(e.conversationId());
            if (facts == null) {
                // A conversation from before the SLA timers: it joins with the current policy now.
                SlaSettings.Policy policy = settings.currentDefault();
                jdbc.sql("""
                                insert into sla_conversation (workspace_id, conversation_id, policy_id, channel,
                                                              is_public, created_at)
                                values (?, ?, ?, ?, ?, ?) on conflict do nothing
                                """)
                        .params(
                                e.workspaceId(),
                                e.conversationId(),
                                policy.id(),
                                e.channel(),
                                e.isPublic(),
                                ts(e.receivedAt()))
                        .update();
                facts = facts(e.conversationId());
                start(e.conversationId(), Kind.RESOLUTION, facts, e.receivedAt());
            }
            // Waiting for the first reply already: that timer covers this message too.
            if (!running(e.conversationId(), Kind.FIRST_RESPONSE)) {
                start(e.conversationId(), Kind.NEXT_RESPONSE, facts, e.receivedAt());
            }
            refresh(e.conversationId());
        });
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(FirstReplySent e) {
        guarded(e.workspaceId(), e.conversationId(), () -> {
            stop(e.conversationId(), List.of(Kind.FIRST_RESPONSE, Kind.NEXT_RESPONSE), e.at(), e.authorUserId(), true);
            refresh(e.conversationId());
        });
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ReplySent e) {
        guarded(e.workspaceId(), e.conversationId(), () -> {
            stop(e.conversationId(), List.of(Kind.NEXT_RESPONSE), Instant.now(), null, true);
            refresh(e.conversationId());
        });
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ConversationStatusChanged e) {
        guarded(e.workspaceId(), e.conversationId(), () -> {
            jdbc.sql("update sla_conversation set status = ? where conversation_id = ?")
                    .params(e.to().code(), e.conversationId())
                    .update();
            Facts facts = facts(e.conversationId());
            if (facts == null) return;
            boolean pauses = settings.policy(facts.policyId()).spec().pauseWhilePending();
            if (e.to() == ConversationStatus.PENDING && pauses) pause(e.conversationId(), Instant.now());
            if (e.from() == ConversationStatus.PENDING && e.to() != ConversationStatus.RESOLVED) {
                resume(e.conversationId(), Instant.now());
            }
            refresh(e.conversationId());
        });
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ConversationResolved e) {
        guarded(e.workspaceId(), e.conversationId(), () -> {
            stop(e.conversationId(), List.of(Kind.values()), Instant.now(), null, false);
            refresh(e.conversationId());
        });
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ConversationReopened e) {
        if (e.from() != ConversationStatus.RESOLVED) return; // from pending: the timers resume (status change)
        guarded(e.workspaceId(), e.conversationId(), () -> {
            Facts facts = facts(e.conversationId());
            if (facts == null) return;
            start(e.conversationId(), Kind.RESOLUTION, facts, Instant.now());
            refresh(e.conversationId());
        });
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ConversationAssigned e) {
        guarded(e.workspaceId(), e.conversationId(), () -> {
            jdbc.sql("update sla_conversation set assignee_id = ? where conversation_id = ?")
                    .params(e.assigneeId(), e.conversationId())
                    .update();
            jdbc.sql("update sla_clock set assignee_id = ? where conversation_id = ? and state <> 'stopped'")
                    .params(e.assigneeId(), e.conversationId())
                    .update();
        });
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ConversationPriorityChanged e) {
        guarded(e.workspaceId(), e.conversationId(), () -> {
            jdbc.sql("update sla_conversation set priority = ? where conversation_id = ?")
                    .params(e.to().code(), e.conversationId())
                    .update();
            Facts facts = facts(e.conversationId());
            if (facts == null) return;
            retarget(e.conversationId(), facts);
            refresh(e.conversationId());
        });
    }

    // --- the timer rows -----------------------------------------------------------------------------------

    private Facts facts(UUID conversationId) {
        return jdbc.sql("""
                        select policy_id, channel, is_public, priority, assignee_id, status
                          from sla_conversation where conversation_id = ?
                        """)
                .param(conversationId)
                .query((rs, i) -> new Facts(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getBoolean(3),
                        rs.getString(4),
                        rs.getObject(5, UUID.class),
                        rs.getString(6)))
                .optional()
                .orElse(null);
    }

    private boolean running(UUID conversationId, Kind kind) {
        return jdbc.sql("select exists (select 1 from sla_clock where conversation_id = ? and kind = ?"
                        + " and state <> 'stopped')")
                .params(conversationId, kind.code())
                .query(Boolean.class)
                .single();
    }

    private void start(UUID conversationId, Kind kind, Facts facts, Instant at) {
        SlaSettings.Policy policy = settings.policy(facts.policyId());
        PolicySpec.Target target = policy.spec().target(facts.channel(), facts.isPublic(), facts.priority());
        BusinessCalendar calendar = settings.calendar(policy, target.businessHours());
        Duration duration = target.of(kind);
        Deadlines.Schedule schedule = Deadlines.schedule(
                calendar, at, Duration.ZERO, duration, policy.spec().warnShare());
        Deadlines.Clock clock = new Deadlines.Clock(schedule.warnAt(), schedule.dueAt(), false, false, 0);
        // History (an import of old messages) is recorded with its outcome but tells nobody: there is no
        // one to hurry about a deadline that passed long ago.
        boolean history = at.isBefore(Instant.now().minus(HISTORY));
        boolean overdue = history && schedule.dueAt().isBefore(Instant.now());
        jdbc.sql("""
                        insert into sla_clock (workspace_id, conversation_id, kind, policy_id, channel, assignee_id,
                                               started_at, target_seconds, business_hours, run_started_at, warn_at,
                                               due_at, next_fire_at, warned, breached)
                        values (current_workspace(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (workspace_id, conversation_id, kind) where state <> 'stopped' do nothing
                        """)
                .params(
                        conversationId,
                        kind.code(),
                        policy.id(),
                        facts.channel(),
                        facts.assigneeId(),
                        ts(at),
                        (int) duration.toSeconds(),
                        target.businessHours(),
                        ts(at),
                        ts(schedule.warnAt()),
                        ts(schedule.dueAt()),
                        history ? null : ts(clock.nextFireAt(policy.spec().escalation())),
                        overdue,
                        overdue)
                .update();
    }

    /**
     * Stops running timers. A timer stopped after its due time is missed even if the sweep has not come round
     * to it yet; a paused timer stops with the outcome it had.
     */
    private void stop(UUID conversationId, List<Kind> kinds, Instant at, UUID by, boolean answered) {
        jdbc.sql("""
                        update sla_clock set state = 'stopped', stopped_at = ?, stopped_by = ?, next_fire_at = null,
                               answered = ?,
                               breached = breached or (state = 'running' and due_at < ?)
                         where conversation_id = ? and kind = any(?) and state <> 'stopped'
                        """)
                .params(
                        ts(at),
                        by,
                        answered,
                        ts(at),
                        conversationId,
                        kinds.stream().map(Kind::code).toArray(String[]::new))
                .update();
    }

    private record Run(
            UUID id,
            String kind,
            UUID policyId,
            Instant runStartedAt,
            long consumed,
            boolean business,
            int targetSeconds,
            boolean warned,
            boolean breached,
            int step) {}

    private List<Run> runs(UUID conversationId, String state) {
        return jdbc.sql("""
                        select id, kind, policy_id, run_started_at, consumed_seconds, business_hours, target_seconds,
                               warned, breached, escalation_step
                          from sla_clock where conversation_id = ? and state = ? for update
                        """)
                .params(conversationId, state)
                .query((rs, i) -> new Run(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        rs.getTimestamp(4).toInstant(),
                        rs.getLong(5),
                        rs.getBoolean(6),
                        rs.getInt(7),
                        rs.getBoolean(8),
                        rs.getBoolean(9),
                        rs.getInt(10)))
                .list();
    }

    /** Waiting on the customer: the timers keep the business time they used and stop counting. */
    private void pause(UUID conversationId, Instant at) {
        for (Run run : runs(conversationId, "running")) {
            SlaSettings.Policy policy = settings.policy(run.policyId());
            BusinessCalendar calendar = settings.calendar(policy, run.business());
            Duration consumed =
                    Deadlines.consumedAt(calendar, run.runStartedAt(), at, Duration.ofSeconds(run.consumed()));
            jdbc.sql("""
                            update sla_clock set state = 'paused', consumed_seconds = ?, warn_at = null, due_at = null,
                                   next_fire_at = null
                             where id = ?
                            """).params(consumed.toSeconds(), run.id()).update();
        }
    }

    /** The customer answered: paused timers count again from now with what they had left. */
    private void resume(UUID conversationId, Instant at) {
        for (Run run : runs(conversationId, "paused")) {
            reschedule(run, at, Duration.ofSeconds(run.targetSeconds()), "running");
        }
    }

    private void retarget(UUID conversationId, Facts facts) {
        SlaSettings.Policy policy = settings.policy(facts.policyId());
        PolicySpec.Target target = policy.spec().target(facts.channel(), facts.isPublic(), facts.priority());
        Instant now = Instant.now();
        for (Run run : runs(conversationId, "running")) {
            // The time already used stays used: the new target applies to the whole run.
            BusinessCalendar old = settings.calendar(policy, run.business());
            Duration consumed = Deadlines.consumedAt(old, run.runStartedAt(), now, Duration.ofSeconds(run.consumed()));
            Run moved = new Run(
                    run.id(),
                    run.kind(),
                    run.policyId(),
                    now,
                    consumed.toSeconds(),
                    target.businessHours(),
                    run.targetSeconds(),
                    run.warned(),
                    run.breached(),
                    run.step());
            reschedule(moved, now, target.of(Kind.of(run.kind())), "running");
        }
    }

    private void reschedule(Run run, Instant from, Duration target, String state) {
        SlaSettings.Policy policy = settings.policy(run.policyId());
        BusinessCalendar calendar = settings.calendar(policy, run.business());
        Deadlines.Schedule schedule = Deadlines.schedule(
                calendar,
                from,
                Duration.ofSeconds(run.consumed()),
                target,
                policy.spec().warnShare());
        Deadlines.Clock clock =
                new Deadlines.Clock(schedule.warnAt(), schedule.dueAt(), run.warned(), run.breached(), run.step());
        jdbc.sql("""
                        update sla_clock set state = ?, run_started_at = ?, consumed_seconds = ?, target_seconds = ?,
                               business_hours = ?, warn_at = ?, due_at = ?, next_fire_at = ?
                         where id = ?
                        """)
                .params(
                        state,
                        ts(from),
                        run.consumed(),
                        (int) target.toSeconds(),
                        run.business(),
                        ts(schedule.warnAt()),
                        ts(schedule.dueAt()),
                        ts(clock.nextFireAt(policy.spec().escalation())),
                        run.id())
                .update();
    }

    /** The conversation's earliest running due time: its place in "most urgent first". */
    private void refresh(UUID conversationId) {
        jdbc.sql("""
                        update sla_conversation set next_due_at =
                               (select min(due_at) from sla_clock k
                                 where k.workspace_id = sla_conversation.workspace_id
                                   and k.conversation_id = sla_conversation.conversation_id and k.state = 'running')
                         where conversation_id = ?
                        """).param(conversationId).update();
    }

    static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
