package fi.mokadesk.sla;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SLA sweep with 100,000 open conversations (200,000 running timers) on the embedded PostgreSQL, run by
 * db-scheduler exactly as in production (every 5 s, polling every second). Within a 70-second window 1,000
 * breaches and 1,000 warnings fall due, spread evenly; the rest are hours away. Measures how late each was
 * told, the sweep's CPU time, and the "most urgent first" inbox page (50 rows) over HTTP.
 *
 * <p>Not part of the normal test run (the name ends in Benchmark). Run:
 * {@code ./mvnw -o -B test -Dtest=SlaSweepBenchmark -Dspotless.check.skip=true}; figures go to the console
 * and {@code target/sla-benchmark.txt}.
 */
class SlaSweepBenchmark extends DeskTest {

    static final int CONVERSATIONS = 100_000;
    static final int DUE = 1_000;

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    SlaSweep sweep;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void sweepWith100000OpenConversations() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "machine: %d cores, load average before: %s%n",
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip()));
        TestWorkspace ws = workspaces.create("SLA Benchmark " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        Map<String, Object> policy = SlaDeskTest.aroundTheClock("24/7", 60);
        policy.put("escalation", List.of(Map.of("notify", "admins", "afterMinutes", 0)));
        UUID policyVersion = UUID.fromString(admin.postJson("/api/v1/sla/policies", policy)
                .json()
                .path("versionId")
                .asString());

        JdbcClient owner = workspaces.owner();
        long fill = System.nanoTime();
        owner.sql("""
                        with c as (insert into contact (workspace_id, name)
                                   select ?, 'Asiakas ' || g from generate_series(1, ?) g returning id),
                             n as (select id, row_number() over () as g from c)
                        insert into conversation (workspace_id, channel, thread_key, contact_id, last_message_at,
                                                  last_preview, message_count)
                        select ?, 'email', 'bench-' || g, id, now() - g * interval '1 second', 'Hei', 1 from n
                        """).params(ws.id(), CONVERSATIONS, ws.id()).update();
        owner.sql("""
                        insert into sla_conversation (workspace_id, conversation_id, policy_id, channel, is_public,
                                                      created_at)
                        select workspace_id, id, ?, channel, false, now() from conversation where workspace_id = ?
                        """).params(policyVersion, ws.id()).update();
        // t0: the first due time, 20 s after the fill. Timers 1..1000 breach, 1001..2000 warn within 60 s.
        Instant t0 = Instant.now().plusSeconds(20 + CONVERSATIONS / 10_000);
        owner.sql("""
                        insert into sla_clock (workspace_id, conversation_id, kind, policy_id, channel, started_at,
                                               target_seconds, business_hours, run_started_at, warn_at, due_at,
                                               warned, next_fire_at)
                        select workspace_id, conversation_id, 'first_response', policy_id, channel, ?::timestamptz - interval '1 hour',
                               3600, false, ?::timestamptz - interval '1 hour', warn, due, g <= ?, case when g <= ? then due else warn end
                          from (select *, row_number() over (order by conversation_id) as g from sla_conversation
                                 where workspace_id = ?) s,
                               lateral (select case when g <= ? then ?::timestamptz + g * interval '60 ms' - interval '15 minutes'
                                                    when g <= 2 * ? then ?::timestamptz + (g - ?) * interval '60 ms'
                                                    else ?::timestamptz + interval '1 hour' + g * interval '100 ms' end as warn) w,
                               lateral (select warn + interval '15 minutes' as due) d
                        """)
                .params(
                        Timestamp.from(t0),
                        Timestamp.from(t0),
                        DUE,
                        DUE,
                        ws.id(),
                        DUE,
                        Timestamp.from(t0),
                        DUE,
                        Timestamp.from(t0),
                        DUE,
                        Timestamp.from(t0))
                .update();
        owner.sql("""
                        insert into sla_clock (workspace_id, conversation_id, kind, policy_id, channel, started_at,
                                               target_seconds, business_hours, run_started_at, warn_at, due_at, next_fire_at)
                        select workspace_id, conversation_id, 'resolution', policy_id, channel, now(), 36000, false, now(),
                               now() + interval '7 hours', now() + interval '10 hours', now() + interval '7 hours'
                          from sla_conversation where workspace_id = ?
                        """).param(ws.id()).update();
        owner.sql("""
                        update sla_conversation s set next_due_at =
                               (select min(due_at) from sla_clock k where k.workspace_id = s.workspace_id
                                   and k.conversation_id = s.conversation_id)
                         where workspace_id = ?
                        """).param(ws.id()).update();
        owner.sql("analyze sla_clock").update();
        owner.sql("analyze sla_conversation").update();
        out.append(String.format(
                "fill: %d conversations, %d running timers in %d s%n",
                CONVERSATIONS,
                2 * CONVERSATIONS,
                Duration.ofNanos(System.nanoTime() - fill).toSeconds()));
        out.append("sweep claim plan: ")
                .append(String.join(
                        " | ",
                        owner.sql("explain select workspace_id, id from sla_clock where next_fire_at <= now()"
                                        + " order by next_fire_at limit 500")
                                .query(String.class)
                                .list()))
                .append('\n');

        // The sweep as production runs it, with its CPU time counted.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong cpu = new AtomicLong();
        AtomicLong wall = new AtomicLong();
        AtomicLong runs = new AtomicLong();
        RecurringTask<Void> task = Tasks.recurring("sla-sweep-benchmark-" + UUID.randomUUID(), FixedDelay.ofSeconds(5))
                .execute((instance, context) -> {
                    long c = threads.getCurrentThreadCpuTime();
                    long w = System.nanoTime();
                    sweep.sweep();
                    cpu.addAndGet(threads.getCurrentThreadCpuTime() - c);
                    wall.addAndGet(System.nanoTime() - w);
                    runs.incrementAndGet();
                });
        Scheduler scheduler = Scheduler.create(dataSource)
                .startTasks(task)
                .schedulerName(new SchedulerName.Fixed("benchmark"))
                .threads(2)
                .pollingInterval(Duration.ofSeconds(1))
                .build();
        long windowStart = System.nanoTime();
        scheduler.start();
        try {
            Instant end = t0.plusSeconds(60 + 30);
            while (Instant.now().isBefore(end)) Thread.sleep(500);
        } finally {
            scheduler.stop();
        }
        long window = System.nanoTime() - windowStart;

        List<Double> breachLate =
                owner.sql("""
                        select extract(epoch from n.created_at - k.due_at) from notification n
                          join sla_clock k on k.workspace_id = n.workspace_id
                                          and k.id = split_part(n.dedupe_key, ':', 1)::uuid
                         where n.workspace_id = ? and n.kind = 'sla.breach'
                        """).param(ws.id()).query(Double.class).list();
        List<Double> warnLate =
                owner.sql("""
                        select extract(epoch from n.created_at - k.warn_at) from notification n
                          join sla_clock k on k.workspace_id = n.workspace_id
                                          and k.id = split_part(n.dedupe_key, ':', 1)::uuid
                         where n.workspace_id = ? and n.kind = 'sla.warning'
                        """).param(ws.id()).query(Double.class).list();
        out.append(String.format(
                "breaches told: %d of %d; late by p50 %.1f s, p99 %.1f s, max %.1f s%n",
                breachLate.size(), DUE, pct(breachLate, 50), pct(breachLate, 99), pct(breachLate, 100)));
        out.append(String.format(
                "warnings told: %d of %d; late by p50 %.1f s, p99 %.1f s, max %.1f s%n",
                warnLate.size(), DUE, pct(warnLate, 50), pct(warnLate, 99), pct(warnLate, 100)));
        out.append(String.format(
                "sweep: %d runs in %.0f s; JVM CPU %.2f s = %.2f %% of one core; wall time inside the sweep %.2f s%n",
                runs.get(), window / 1e9, cpu.get() / 1e9, 100.0 * cpu.get() / window, wall.get() / 1e9));

        // "Most urgent first": the first page and deeper pages, sequentially over HTTP.
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < 220; i++) {
            long s = System.nanoTime();
            Api.Response r = admin.get("/api/v1/conversations?sort=urgent&limit=50");
            if (r.status() != 200) throw new IllegalStateException(r.body());
            if (i >= 20) latencies.add((System.nanoTime() - s) / 1e6); // the first 20 warm up
        }
        out.append(String.format(
                "most urgent first (50 rows, HTTP, sequential, 200 requests): p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                pct(latencies, 50), pct(latencies, 95), pct(latencies, 100)));
        // The plan of the order's query as the desk runs it (application role, row security on): an index scan
        // that stops after the page, whatever the number of open conversations.
        out.append("most urgent first order plan: ")
                .append(String.join(
                        " | ",
                        Tenant.call(
                                ws.id(), () -> jdbc.sql("""
                                        explain analyze select conversation_id from sla_conversation
                                         where workspace_id = current_workspace() and next_due_at is not null
                                         order by next_due_at, conversation_id limit 51 offset 0
                                        """).query(String.class).list())))
                .append('\n');
        out.append(String.format(
                "load average after: %s%n",
                Files.readString(Path.of("/proc/loadavg")).strip()));
        System.out.println(out);
        Files.writeString(Path.of("target/sla-benchmark.txt"), out.toString());
    }

    private static double pct(List<Double> values, int p) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
