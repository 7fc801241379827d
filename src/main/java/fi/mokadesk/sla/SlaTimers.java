package fi.mokadesk.sla;

import fi.mokadesk.conversation.ConversationAssigned;
import fi.mokadesk.conversation.ConversationCreated;
import fi.mokadesk.conversation.ConversationPriorityChanged;
import fi.mokadesk.conversation.ConversationReopened;
import fi.mokadesk.conversation.ConversationResolved;
import fi.mokadesk.conversation.ConversationStatus;
import fi.mokadesk.conversation.ConversationStatusChanged;
import fi.mokadesk.conversation.CustomerTier;
import fi.mokadesk.conversation.CustomerTiers;
import fi.mokadesk.conversation.FirstReplySent;
import fi.mokadesk.conversation.MessageReceived;
import fi.mokadesk.conversation.ReplySent;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.workspace.Teams;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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
 *   <li>Each timer takes the customer's tier (key account or standard) when it starts and keeps it.
 *   <li>A stopped timer records the team of who answered (else the assignee), for the report per team.
 * </ul>
 *
 * <p>New conversations are the one hot path: an ingest batch creates hundreds in one transaction. Their
 * timers are gathered and written together just before that transaction commits, in two statements, instead
 * of several statements per conversation while the batch holds its locks. Any other timer change in the same
 * transaction writes the gathered ones first, so the order of events is kept.
 */
@Component
class SlaTimers {

    private static final Logger log = LoggerFactory.getLogger(SlaTimers.class);

    /** Messages older than this start timers that record an outcome but notify nobody. */
    static final Duration HISTORY = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final SlaSettings settings;
    private final CustomerTiers tiers;
    private final Teams teams;

    private final TransactionTemplate savepoint;

    SlaTimers(
            JdbcClient jdbc,
            SlaSettings settings,
            CustomerTiers tiers,
            Teams teams,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.tiers = tiers;
        this.teams = teams;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Runs a timer change inside a savepoint of the publisher's transaction: if it fails, only the timer change
     * is undone and logged, and the customer's message or the agent's reply is stored all the same. A timer
     * is worth less than the message it times.
     */
    private void guarded(UUID workspace, UUID conversation, Runnable change) {
        guarded(workspace, "conversation " + conversation, change);
    }

    private void guarded(UUID workspace, String what, Runnable change) {
        writePending();
        try {
            Tenant.run(workspace, () -> savepoint.executeWithoutResult(status -> change.run()));
        } catch (RuntimeException e) {
            log.error("SLA timers of {} not updated: {}", what, e.toString(), e);
        }
    }

    /**
     * Every listener changes timers in the publisher's transaction and refuses to run without one. Checked here
     * rather than with {@code @Transactional(propagation = MANDATORY)}: the proxy behind that annotation ran around
     * every event of every new conversation, inside the ingest writers' turn at the database.
     */
    private static void inPublishersTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive())
            throw new IllegalTransactionStateException(
                    "SLA timers change only in the transaction of the change they time");
    }

    record Facts(UUID policyId, String channel, boolean isPublic, String priority, UUID assigneeId, String status) {}

    /** A conversation created in the current transaction whose timers are not written yet. */
    private record Created(UUID workspaceId, UUID conversationId, String channel, boolean isPublic, Instant at) {}

    private final Object pendingKey = new Object();

    @EventListener
    void on(ConversationCreated e) {
        inPublishersTransaction();
        Map<UUID, Created> pending = pending();
        if (pending == null) { // a transaction without synchronisation: write now
            startTogether(e.workspaceId(), List.of(created(e)));
            return;
        }
        pending.put(e.conversationId(), created(e));
    }

    private static Created created(ConversationCreated e) {
        return new Created(e.workspaceId(), e.conversationId(), e.channel(), e.isPublic(), e.at());
    }

    /** The conversations created in this transaction, bound to it on first use and written before it commits. */
    @SuppressWarnings("unchecked")
    private Map<UUID, Created> pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) return null;
        Map<UUID, Created> pending = (Map<UUID, Created>) TransactionSynchronizationManager.getResource(pendingKey);
        if (pending != null) return pending;
        Map<UUID, Created> fresh = new LinkedHashMap<>();
        TransactionSynchronizationManager.bindResource(pendingKey, fresh);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                writePending();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(pendingKey);
            }
        });
        return fresh;
    }

    /** Writes the gathered new conversations' timers now; every other change calls this first. */
    private void writePending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) return;
        @SuppressWarnings("unchecked")
        Map<UUID, Created> pending = (Map<UUID, Created>) TransactionSynchronizationManager.getResource(pendingKey);
        if (pending == null || pending.isEmpty()) return;
        Map<UUID, List<Created>> byWorkspace = new LinkedHashMap<>();
        for (Created c : pending.values())
            byWorkspace.computeIfAbsent(c.workspaceId(), k -> new ArrayList<>()).add(c);
        pending.clear();
        byWorkspace.forEach(this::startTogether);
    }

    private boolean isPending(UUID conversationId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) return false;
        @SuppressWarnings("unchecked")
        Map<UUID, Created> pending = (Map<UUID, Created>) TransactionSynchronizationManager.getResource(pendingKey);
        return pending != null && pending.containsKey(conversationId);
    }

    /**
     * New conversations of one workspace join the current default policy with their first-response and
     * resolution timers; their place in "most urgent first" is the earlier of the two due times.
     */
    private void startTogether(UUID workspace, List<Created> created) {
        String what = created.size() == 1
                ? "conversation " + created.get(0).conversationId()
                : created.size() + " new conversations";
        guarded(workspace, what, () -> {
            SlaSettings.Policy policy = settings.currentDefault();
            List<Planned> clocks = new ArrayList<>(created.size() * 2);
            int n = created.size();
            // One question for the whole batch: which of these customers are key accounts.
            Map<UUID, CustomerTier> tierOf = tiers.ofConversations(
                    created.stream().map(Created::conversationId).toList());
            String[] conversation = new String[n], channel = new String[n], isPublic = new String[n];
            String[] createdAt = new String[n], nextDue = new String[n], tier = new String[n];
            for (int i = 0; i < n; i++) {
                Created c = created.get(i);
                Facts facts = new Facts(policy.id(), c.channel(), c.isPublic(), "normal", null, "open");
                tier[i] = tierOf.getOrDefault(c.conversationId(), CustomerTier.STANDARD)
                        .code();
                Planned first = plan(c.conversationId(), Kind.FIRST_RESPONSE, facts, tier[i], c.at());
                Planned resolution = plan(c.conversationId(), Kind.RESOLUTION, facts, tier[i], c.at());
                clocks.add(first);
                clocks.add(resolution);
                conversation[i] = c.conversationId().toString();
                channel[i] = c.channel();
                isPublic[i] = String.valueOf(c.isPublic());
                createdAt[i] = text(c.at());
                nextDue[i] = text(first.dueAt().isBefore(resolution.dueAt()) ? first.dueAt() : resolution.dueAt());
            }
            Object[] rows = {policy.id(), conversation, channel, isPublic, createdAt, nextDue, tier};
            jdbc.sql(START_CONVERSATIONS)
                    .params(Stream.concat(Arrays.stream(rows), Arrays.stream(clockArrays(clocks)))
                            .toArray())
                    .update();
        });
    }

    @EventListener
    void on(MessageReceived e) {
        inPublishersTransaction();
        // The first message of a conversation created in this transaction: its first-response timer, about
        // to be written, covers it.
        if (isPending(e.conversationId())) return;
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
    void on(FirstReplySent e) {
        inPublishersTransaction();
        guarded(e.workspaceId(), e.conversationId(), () -> {
            stop(e.conversationId(), List.of(Kind.FIRST_RESPONSE, Kind.NEXT_RESPONSE), e.at(), e.authorUserId(), true);
            refresh(e.conversationId());
        });
    }

    @EventListener
    void on(ReplySent e) {
        inPublishersTransaction();
        guarded(e.workspaceId(), e.conversationId(), () -> {
            stop(e.conversationId(), List.of(Kind.NEXT_RESPONSE), Instant.now(), null, true);
            refresh(e.conversationId());
        });
    }

    @EventListener
    void on(ConversationStatusChanged e) {
        inPublishersTransaction();
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
    void on(ConversationResolved e) {
        inPublishersTransaction();
        guarded(e.workspaceId(), e.conversationId(), () -> {
            stop(e.conversationId(), List.of(Kind.values()), Instant.now(), null, false);
            refresh(e.conversationId());
        });
    }

    @EventListener
    void on(ConversationReopened e) {
        inPublishersTransaction();
        if (e.from() != ConversationStatus.RESOLVED) return; // from pending: the timers resume (status change)
        guarded(e.workspaceId(), e.conversationId(), () -> {
            Facts facts = facts(e.conversationId());
            if (facts == null) return;
            start(e.conversationId(), Kind.RESOLUTION, facts, Instant.now());
            refresh(e.conversationId());
        });
    }

    @EventListener
    void on(ConversationAssigned e) {
        inPublishersTransaction();
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
    void on(ConversationPriorityChanged e) {
        inPublishersTransaction();
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

    /**
     * Starts one timer with the customer's tier of this moment; the conversation shows that tier from now on
     * (a timer of that kind already running is kept, with its own tier).
     */
    private void start(UUID conversationId, Kind kind, Facts facts, Instant at) {
        String tier = tiers.ofConversations(List.of(conversationId))
                .getOrDefault(conversationId, CustomerTier.STANDARD)
                .code();
        if (insert(List.of(plan(conversationId, kind, facts, tier, at))) > 0) {
            jdbc.sql("update sla_conversation set tier = ? where conversation_id = ?")
                    .params(tier, conversationId)
                    .update();
        }
    }

    /** One timer as it starts, before it is written. */
    private record Planned(
            UUID conversationId,
            Kind kind,
            UUID policyId,
            String channel,
            UUID assigneeId,
            String tier,
            Instant startedAt,
            int targetSeconds,
            boolean businessHours,
            Instant warnAt,
            Instant dueAt,
            Instant nextFireAt,
            boolean overdue) {}

    private Planned plan(UUID conversationId, Kind kind, Facts facts, String tier, Instant at) {
        SlaSettings.Policy policy = settings.policy(facts.policyId());
        PolicySpec.Target target = policy.spec().target(facts.channel(), facts.isPublic(), facts.priority());
        BusinessCalendar calendar = settings.calendar(policy, target.businessHours());
        Duration duration = policy.spec().duration(target, kind, tier);
        Deadlines.Schedule schedule = Deadlines.schedule(
                calendar, at, Duration.ZERO, duration, policy.spec().warnShare());
        Deadlines.Clock clock = new Deadlines.Clock(schedule.warnAt(), schedule.dueAt(), false, false, 0);
        // History (an import of old messages) is recorded with its outcome but tells nobody: there is no
        // one to hurry about a deadline that passed long ago.
        boolean history = at.isBefore(Instant.now().minus(HISTORY));
        boolean overdue = history && schedule.dueAt().isBefore(Instant.now());
        return new Planned(
                conversationId,
                kind,
                policy.id(),
                facts.channel(),
                facts.assigneeId(),
                tier,
                at,
                (int) duration.toSeconds(),
                target.businessHours(),
                schedule.warnAt(),
                schedule.dueAt(),
                history ? null : clock.nextFireAt(policy.spec().escalation()),
                overdue);
    }

    /** Started timers as one array per column, in the order of {@link #INSERT_CLOCKS}' parameters. */
    private static Object[] clockArrays(List<Planned> clocks) {
        int n = clocks.size();
        String[] conversation = new String[n], kind = new String[n], policy = new String[n], channel = new String[n];
        String[] assignee = new String[n], started = new String[n], target = new String[n], business = new String[n];
        String[] warnAt = new String[n], dueAt = new String[n], nextFire = new String[n], overdue = new String[n];
        String[] tier = new String[n];
        for (int i = 0; i < n; i++) {
            Planned p = clocks.get(i);
            conversation[i] = p.conversationId().toString();
            kind[i] = p.kind().code();
            policy[i] = p.policyId().toString();
            channel[i] = p.channel();
            assignee[i] = p.assigneeId() == null ? null : p.assigneeId().toString();
            started[i] = text(p.startedAt());
            target[i] = Integer.toString(p.targetSeconds());
            business[i] = String.valueOf(p.businessHours());
            warnAt[i] = text(p.warnAt());
            dueAt[i] = text(p.dueAt());
            nextFire[i] = text(p.nextFireAt());
            overdue[i] = String.valueOf(p.overdue());
            tier[i] = p.tier();
        }
        return new Object[] {
            conversation,
            kind,
            policy,
            channel,
            assignee,
            started,
            target,
            business,
            warnAt,
            dueAt,
            nextFire,
            overdue,
            tier
        };
    }

    /** Started timers, from the arrays of {@link #clockArrays}. */
    private static final String INSERT_CLOCKS = """
            insert into sla_clock (workspace_id, conversation_id, kind, policy_id, channel, assignee_id, started_at,
                                   target_seconds, business_hours, run_started_at, warn_at, due_at, next_fire_at,
                                   warned, breached, tier)
            select current_workspace(), t.conversation_id, t.kind, t.policy_id, t.channel, t.assignee_id, t.started_at,
                   t.target_seconds, t.business_hours, t.started_at, t.warn_at, t.due_at, t.next_fire_at, t.overdue,
                   t.overdue, t.tier
              from unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::uuid[], ?::timestamptz[], ?::int[],
                          ?::boolean[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::boolean[], ?::text[])
                   as t(conversation_id, kind, policy_id, channel, assignee_id, started_at, target_seconds,
                        business_hours, warn_at, due_at, next_fire_at, overdue, tier)
            """;

    /**
     * New conversations' SLA rows and their timers in one statement (one round trip per ingest batch). Both are
     * as new as their conversations, so they are plain inserts: there is no earlier row to look for.
     */
    private static final String START_CONVERSATIONS = """
            with sla as (
                insert into sla_conversation (workspace_id, conversation_id, policy_id, channel, is_public, created_at,
                                              next_due_at, tier)
                select current_workspace(), t.conversation_id, ?, t.channel, t.is_public, t.created_at, t.next_due_at,
                       t.tier
                  from unnest(?::uuid[], ?::text[], ?::boolean[], ?::timestamptz[], ?::timestamptz[], ?::text[])
                       as t(conversation_id, channel, is_public, created_at, next_due_at, tier)
            )
            """ + INSERT_CLOCKS;

    /** Writes started timers in one statement; a timer of that kind already running is kept. */
    private int insert(List<Planned> clocks) {
        return jdbc.sql(INSERT_CLOCKS
                        + " on conflict (workspace_id, conversation_id, kind) where state <> 'stopped' do nothing")
                .params(clockArrays(clocks))
                .update();
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    /**
     * Stops running timers. A timer stopped after its due time is missed even if the sweep has not come round
     * to it yet; a paused timer stops with the outcome it had.
     */
    private void stop(UUID conversationId, List<Kind> kinds, Instant at, UUID by, boolean answered) {
        // The team of who answered, else of the assignee, as it is now: a later move to another team does not
        // move the outcome with the person.
        Map<UUID, UUID> teamOf = teams.teamsOfMembers();
        String[] people = teamOf.keySet().stream().map(UUID::toString).toArray(String[]::new);
        String[] teamIds = teamOf.values().stream().map(UUID::toString).toArray(String[]::new);
        jdbc.sql("""
                        update sla_clock set state = 'stopped', stopped_at = ?, stopped_by = ?, next_fire_at = null,
                               answered = ?,
                               breached = breached or (state = 'running' and due_at < ?),
                               team_id = (select t.team_id from unnest(?::uuid[], ?::uuid[]) as t(user_id, team_id)
                                           where t.user_id = coalesce(?::uuid, sla_clock.assignee_id))
                         where conversation_id = ? and kind = any(?) and state <> 'stopped'
                        """)
                .params(
                        ts(at),
                        by,
                        answered,
                        ts(at),
                        people,
                        teamIds,
                        by,
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
            int step,
            String tier) {}

    /** Running or paused timers; "not stopped" is spelt out so the prepared statement can use the index of those. */
    private List<Run> runs(UUID conversationId, String state) {
        return jdbc.sql("""
                        select id, kind, policy_id, run_started_at, consumed_seconds, business_hours, target_seconds,
                               warned, breached, escalation_step, tier
                          from sla_clock where conversation_id = ? and state = ? and state <> 'stopped' for update
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
                        rs.getInt(10),
                        rs.getString(11)))
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
                    run.step(),
                    run.tier());
            // A running timer keeps the tier it started with, as it keeps its policy.
            reschedule(moved, now, policy.spec().duration(target, Kind.of(run.kind()), run.tier()), "running");
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
