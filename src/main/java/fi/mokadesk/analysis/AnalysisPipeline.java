package fi.mokadesk.analysis;

import fi.mokadesk.conversation.CustomerMessages;
import fi.mokadesk.conversation.MessageReceived;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.MessageAnalyzed;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    /**
     * How long the worker lets messages gather after the first one before it takes them. Under load it would
     * otherwise wake for every few messages and pay a transaction, its statements and a commit each time;
     * a tenth of a second later the inbox still shows the labels well within a second.
     */
    static final long GATHER_MILLIS = 100;

    /** How old a message without analysis must be before the catch-up takes it from the worker. */
    static final Duration SETTLE = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(AnalysisPipeline.class);

    record Job(UUID workspace, UUID conversation, UUID message, String channel, String text, Instant receivedAt) {}

    /** The stored time a catch-up look covers: after the one, up to and including the other. */
    private record Window(OffsetDateTime after, OffsetDateTime until) {}

    private final MessageAnalyzer analyzer;
    private final FirstReadings first;
    private final AnalysisStore store;
    private final CustomerMessages messages;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>(50_000);
    private final Thread worker;
    private volatile boolean running = true;

    AnalysisPipeline(
            MessageAnalyzer analyzer,
            FirstReadings first,
            AnalysisStore store,
            CustomerMessages messages,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            JdbcClient jdbc) {
        this.analyzer = analyzer;
        this.first = first;
        this.store = store;
        this.messages = messages;
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
                if (queue.size() < BATCH - 1) Thread.sleep(GATHER_MILLIS);
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
        List<Analysis> results = new ArrayList<>(batch.size());
        boolean[] readAtIngest = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Analysis read = first.take(batch.get(i).text());
            readAtIngest[i] = read != null;
            results.add(read != null ? read : analyzer.analyze(batch.get(i).text()));
        }
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
                                    a.urgency().level(),
                                    a.urgency().cues(),
                                    why(a),
                                    job.receivedAt(),
                                    readAtIngest[i]));
                        }
                        return written;
                    }));
        }
        return stored;
    }

    /**
     * Catch-up: customer messages stored more than a minute ago that have no analysis yet. Each look covers the
     * time since the previous one (kept in {@code analysis_catch_up}, so a restart or another node goes on from
     * there), reaching a minute further back for a transaction that was still open then; the first look ever
     * covers the last two days. Asking about two days every minute read every message of those days each time.
     */
    int catchUp() {
        return catchUp(SETTLE);
    }

    /** The same, for messages stored more than {@code settled} ago (tests use a shorter time). */
    int catchUp(Duration settled) {
        Window window = jdbc.sql("""
                        select now() - make_interval(secs => :seconds), (select checked_up_to from analysis_catch_up)
                        """)
                .param("seconds", settled.toMillis() / 1000.0)
                .query((rs, row) -> {
                    OffsetDateTime until = rs.getObject(1, OffsetDateTime.class);
                    OffsetDateTime lastLook = rs.getObject(2, OffsetDateTime.class);
                    return new Window(lastLook == null ? until.minusDays(2) : lastLook.minus(SETTLE), until);
                })
                .single();
        List<Map<String, Object>> missing = jdbc.sql(
                        "select workspace_id, message_id from messages_without_analysis(:limit, :after, :until)")
                .param("limit", BATCH)
                .param("after", window.after())
                .param("until", window.until())
                .query()
                .listOfRows();
        int stored = analyseMissing(missing);
        // A full batch may have left older ones behind: then the next look covers the same time again.
        if (missing.size() < BATCH) lookedUpTo(window.until());
        return stored;
    }

    /** Keeps where the catch-up has looked up to; never moves it back (a test's shorter wait, another node). */
    private void lookedUpTo(OffsetDateTime until) {
        jdbc.sql("""
                        insert into analysis_catch_up (checked_up_to) values (:until)
                        on conflict (singleton) do update
                           set checked_up_to = greatest(analysis_catch_up.checked_up_to, excluded.checked_up_to)
                        """).param("until", until).update();
    }

    private int analyseMissing(List<Map<String, Object>> missing) {
        if (missing.isEmpty()) return 0;
        Map<UUID, List<UUID>> byWorkspace = new LinkedHashMap<>();
        for (Map<String, Object> row : missing) {
            byWorkspace
                    .computeIfAbsent((UUID) row.get("workspace_id"), k -> new ArrayList<>())
                    .add((UUID) row.get("message_id"));
        }
        // The texts come from the conversation module: it owns the messages.
        List<Job> jobs = new ArrayList<>();
        byWorkspace.forEach((workspace, ids) -> Tenant.run(
                workspace,
                () -> messages.find(ids)
                        .forEach(m -> jobs.add(new Job(
                                workspace, m.conversationId(), m.id(), m.channel(), m.text(), m.receivedAt())))));
        int stored = analyse(jobs);
        log.info("Caught up on {} customer messages without analysis", stored);
        return stored;
    }

    /** "sentiment: huono, myöhässä · category: paketti": the words behind the labels, for a tooltip. */
    static String why(Analysis analysis) {
        List<String> parts = new ArrayList<>();
        analysis.explanation().forEach((task, terms) -> {
            if (terms == null || terms.isEmpty()) return;
            parts.add(task + ": "
                    + String.join(
                            ", ",
                            terms.stream().map(Analysis.Contribution::term).toList()));
        });
        return String.join(" · ", parts);
    }

    @Override
    public void destroy() {
        running = false;
        worker.interrupt();
    }
}
