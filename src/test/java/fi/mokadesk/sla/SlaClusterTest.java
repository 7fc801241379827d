package fi.mokadesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two desk nodes against one PostgreSQL: two db-scheduler instances run the SLA sweep, and on top of that
 * two sweeps are started at the same moment by hand. Every breached timer is found once and its people are
 * told once.
 */
class SlaClusterTest extends DeskTest {

    static final int CONVERSATIONS = 120;

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    SlaSweep sweep;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Test
    void twoNodesNeverTellTheSameBreachTwice() throws Exception {
        TestWorkspace ws = workspaces.create("SLA Klusteri " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        Map<String, Object> policy = SlaDeskTest.aroundTheClock("24/7", 60);
        policy.put("escalation", List.of(Map.of("notify", "admins", "afterMinutes", 0)));
        assertThat(admin.postJson("/api/v1/sla/policies", policy).status()).isEqualTo(201);
        List<UUID> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            conversations.add(SlaDeskTest.ingest(admin, "email", Instant.now().minusSeconds(61 * 60)));
        }
        double breachesBefore = meters.counter("mokadesk.sla.breaches").count();

        String task = "sla-sweep-cluster-" + UUID.randomUUID();
        Scheduler nodeA = node(task, "node-a");
        Scheduler nodeB = node(task, "node-b");
        try {
            nodeA.start();
            nodeB.start();
            // Two more sweeps at the same moment, as if two nodes ran their own.
            CompletableFuture<Integer> one = CompletableFuture.supplyAsync(sweep::sweep);
            CompletableFuture<Integer> two = CompletableFuture.supplyAsync(sweep::sweep);
            one.get();
            two.get();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (breached(ws) < CONVERSATIONS && System.nanoTime() < deadline) Thread.sleep(200);
        } finally {
            nodeA.stop();
            nodeB.stop();
        }

        assertThat(breached(ws)).isEqualTo(CONVERSATIONS);
        // The counter is the whole desk's: other workspaces of the shared test database may breach meanwhile.
        // Exactly-once per conversation is what the notification rows below prove.
        assertThat(meters.counter("mokadesk.sla.breaches").count() - breachesBefore)
                .isGreaterThanOrEqualTo(CONVERSATIONS);
        List<Map<String, Object>> told =
                workspaces.owner().sql("""
                        select user_id, link, count(*) as n from notification where workspace_id = ?
                         group by user_id, link
                        """).param(ws.id()).query().listOfRows();
        assertThat(told).hasSize(CONVERSATIONS);
        assertThat(told).allSatisfy(row -> assertThat(row.get("n")).isEqualTo(1L));
        assertThat(told).allSatisfy(row -> assertThat(row.get("user_id")).isEqualTo(ws.adminId()));
    }

    private Scheduler node(String task, String name) {
        RecurringTask<Void> recurring =
                Tasks.recurring(task, FixedDelay.ofMillis(100)).execute((instance, context) -> sweep.sweep());
        return Scheduler.create(dataSource)
                .startTasks(recurring)
                .schedulerName(new SchedulerName.Fixed(name))
                .threads(2)
                .pollingInterval(Duration.ofMillis(100))
                .build();
    }

    private long breached(TestWorkspace ws) {
        return workspaces
                .owner()
                .sql("select count(*) from sla_clock where workspace_id = ? and kind = 'first_response' and breached")
                .param(ws.id())
                .query(Long.class)
                .single();
    }
}
