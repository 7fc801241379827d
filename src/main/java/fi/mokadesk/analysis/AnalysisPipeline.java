package fi.mokadesk.analysis;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.MessageReceived;
import fi.mokadesk.database.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Analyses every customer message right after it is stored, off the ingest path: messages queue up,
 * a worker analyses them in batches and stores the results in one transaction per workspace. The inbox
 * shows the result within a second. A message the worker never saw (queue full, node stopped) is picked
 * up by the catch-up job a minute later.
 */
@Component
class AnalysisPipeline implements DisposableBean {

    static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(AnalysisPipeline.class);

    record Job(UUID workspace, UUID conversation, UUID message, String channel, String text, Instant receivedAt) {}

    private final MessageAnalyzer analyzer;
    private final AnalysisStore store;
    private final Conversations conversations;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>(50_000);
    private final Thread worker;
    private volatile boolean running = true;

    AnalysisPipeline(
            MessageAnalyzer analyzer,
            AnalysisStore store,
            Conversations conversations,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            JdbcClient jdbc) {
        this.analyzer = analyzer;
        this.store = store;
        this.conversations = conversations;
        this.transaction = transaction;
        this.events = events;
        this.jdbc = jdbc;
        this.worker = new Thread(this::loop, "analysis-worker");
        worker.setDaemon(true);
        worker.start();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(MessageReceived received) {
        Job job = new Job(
                received.workspaceId(),
                received.conversationId(),
                received.messageId(),
                received.channel(),
                received.text(),
                received.receivedAt());
        if (!queue.offer(job))
            log.warn("Analysis queue full; message {} will be analysed by the catch-up job", received.messageId());
    }

    private void loop() {
        while (running) {
            try {
                Job first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Job> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                analyse(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Analysis batch failed; the catch-up job will retry", e);
            }
        }
    }

    /** Analyses and stores the jobs; returns how many analyses were stored. */
    int analyse(List<Job> batch) {
        List<Analysis> results =
                analyzer.analyzeAll(batch.stream().map(Job::text).toList());
        Map<UUID, List<Integer>> byWorkspace = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byWorkspace
                    .computeIfAbsent(batch.get(i).workspace(), k -> new ArrayList<>())
                    .add(i);
        }
        int stored = 0;
        for (var entry : byWorkspace.entrySet()) {
            UUID workspace = entry.getKey();
            stored += Tenant.call(
                    workspace,
                    () -> transaction.execute(status -> {
                        List<AnalysisStore.Row> rows = new ArrayList<>();
                        for (int i : entry.getValue())
                            rows.add(new AnalysisStore.Row(batch.get(i).message(), results.get(i)));
                        int written = store.store(workspace, rows, analyzer.modelVersion());
                        for (int i : entry.getValue()) {
                            Job job = batch.get(i);
                            Analysis a = results.get(i);
                            events.publishEvent(new MessageAnalyzed(
                                    workspace,
                                    job.conversation(),
                                    job.message(),
                                    job.channel(),
                                    a.language(),
                                    a.sentiment(),
                                    a.abusive(),
                                    a.category(),
                                    job.receivedAt()));
                        }
                        return written;
                    }));
            // Conversation summaries follow, one short statement each outside the batch transaction: a
            // batch holding hundreds of conversation rows would stall ingest writing to the same rows.
            Map<UUID, Integer> latest = new LinkedHashMap<>();
            Map<UUID, Boolean> abusive = new LinkedHashMap<>();
            for (int i : entry.getValue()) {
                latest.put(batch.get(i).conversation(), i);
                abusive.merge(batch.get(i).conversation(), results.get(i).abusive(), Boolean::logicalOr);
            }
            Tenant.run(
                    workspace,
                    () -> latest.forEach((conversation, i) -> {
                        Analysis a = results.get(i);
                        conversations.recordAnalysis(
                                conversation,
                                a.sentiment(),
                                a.category(),
                                a.urgency().level(),
                                abusive.get(conversation));
                    }));
        }
        return stored;
    }

    /** Catch-up: customer messages of the last two days that have no analysis yet. */
    int catchUp() {
        List<Map<String, Object>> missing = jdbc.sql(
                        "select workspace_id, message_id from messages_without_analysis(500, interval '1 minute')")
                .query()
                .listOfRows();
        if (missing.isEmpty()) return 0;
        Map<UUID, List<UUID>> byWorkspace = new LinkedHashMap<>();
        for (Map<String, Object> row : missing) {
            byWorkspace
                    .computeIfAbsent((UUID) row.get("workspace_id"), k -> new ArrayList<>())
                    .add((UUID) row.get("message_id"));
        }
        List<Job> jobs = new ArrayList<>();
        byWorkspace.forEach((workspace, ids) -> Tenant.run(
                workspace,
                () -> jdbc.sql("""
                        select id, conversation_id, channel, body, received_at from message where id = any(?::uuid[])
                        """)
                        .param(ids.stream().map(UUID::toString).toArray(String[]::new))
                        .query(rs -> {
                            jobs.add(new Job(
                                    workspace,
                                    rs.getObject(2, UUID.class),
                                    rs.getObject(1, UUID.class),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getObject(5, java.time.OffsetDateTime.class)
                                            .toInstant()));
                        })));
        int stored = analyse(jobs);
        log.info("Caught up on {} customer messages without analysis", stored);
        return stored;
    }

    @Override
    public void destroy() {
        running = false;
        worker.interrupt();
    }
}
