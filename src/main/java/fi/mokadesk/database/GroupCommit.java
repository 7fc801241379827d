package fi.mokadesk.database;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for rows that many requests write at once: each request hands its row over and waits until
 * it is committed, while one writer thread writes whatever has gathered meanwhile in one transaction per
 * workspace, with one statement for the whole batch. Under load, a hundred requests then cost one commit
 * instead of a hundred; alone, a request waits no longer than its own insert would take.
 *
 * <p>A batch that fails is written again row by row, each in a transaction of its own, so a row that is
 * refused (a duplicate key) fails only its own request with the database's own exception. When the database
 * itself is away, the whole batch fails at once instead of waiting for it once per row.
 *
 * <p>Rows of a workspace are written in that workspace (row-level security applies); rows of no workspace
 * ({@code null}, installation-wide tables) are written as they are.
 *
 * @param <T> what one request writes
 */
public final class GroupCommit<T> {

    /** Writes a batch of one workspace's rows; called inside a transaction, in that workspace. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(List<T> rows);
    }

    private record Pending<T>(UUID workspace, T row, CompletableFuture<Void> done) {}

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final String name;
    private final TransactionTemplate transaction;
    private final Writer<T> writer;
    private final int maxBatch;
    private final ToLongFunction<T> size;
    private final long maxBatchSize;
    private final Runnable afterBatch;
    private final BlockingQueue<Pending<T>> queue;
    private final Thread thread;
    private volatile boolean running = true;

    /** Batches of up to {@code maxBatch} rows. */
    public GroupCommit(String name, TransactionTemplate transaction, Writer<T> writer, int maxBatch) {
        this(name, transaction, writer, maxBatch, row -> 1, Long.MAX_VALUE, () -> {});
    }

    /**
     * Batches of up to {@code maxBatch} rows that together measure at most {@code maxBatchSize} by
     * {@code size} (e.g. bytes, so a statement of large rows stays reasonable; a single row may exceed it);
     * {@code afterBatch} runs after each batch is written, e.g. to wake whoever processes the rows.
     */
    public GroupCommit(
            String name,
            TransactionTemplate transaction,
            Writer<T> writer,
            int maxBatch,
            ToLongFunction<T> size,
            long maxBatchSize,
            Runnable afterBatch) {
        this.name = name;
        this.transaction = transaction;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.size = size;
        this.maxBatchSize = maxBatchSize;
        this.afterBatch = afterBatch;
        this.queue = new LinkedBlockingQueue<>(Math.max(1_000, maxBatch * 25));
        this.thread = new Thread(this::loop, name + "-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Writes {@code row} in workspace {@code workspace} (or none: null) and returns once it is committed; throws what the
     * database said about this row, or {@link IllegalStateException} when it could not be written in time
     * (then it may or may not be stored).
     */
    public void write(UUID workspace, T row) {
        Pending<T> pending = new Pending<>(workspace, row, new CompletableFuture<>());
        try {
            if (!running) throw new IllegalStateException(name + ": stopping");
            if (!queue.offer(pending, 2, TimeUnit.SECONDS))
                throw new IllegalStateException(name + ": too many rows waiting to be written");
            pending.done().get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while writing", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + ": writing took too long; the row may have been stored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops the writer; rows still queued are refused. */
    public void stop() {
        running = false;
        thread.interrupt();
        for (Pending<T> p; (p = queue.poll()) != null; )
            p.done().completeExceptionally(new IllegalStateException(name + ": stopping"));
    }

    private void loop() {
        while (running) {
            try {
                Pending<T> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Pending<T>> batch = new ArrayList<>();
                batch.add(first);
                long measured = size.applyAsLong(first.row());
                for (Pending<T> next;
                        batch.size() < maxBatch && measured < maxBatchSize && (next = queue.poll()) != null; ) {
                    batch.add(next);
                    measured += size.applyAsLong(next.row());
                }
                Map<UUID, List<Pending<T>>> byWorkspace = new LinkedHashMap<>();
                for (Pending<T> p : batch)
                    byWorkspace
                            .computeIfAbsent(p.workspace(), k -> new ArrayList<>())
                            .add(p);
                byWorkspace.forEach(this::writeBatch);
                afterBatch.run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("{}: writer failed; continuing", name, e);
            }
        }
    }

    private void writeBatch(UUID workspace, List<Pending<T>> batch) {
        try {
            commit(workspace, batch);
            for (Pending<T> p : batch) p.done().complete(null);
            return;
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.explains(e) || batch.size() == 1) {
                for (Pending<T> p : batch) p.done().completeExceptionally(e);
                return;
            }
            log.debug("{}: batch of {} rows failed ({}); writing them one by one", name, batch.size(), e.toString());
        }
        for (Pending<T> p : batch) {
            try {
                commit(workspace, List.of(p));
                p.done().complete(null);
            } catch (RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    private void commit(UUID workspace, List<Pending<T>> batch) {
        List<T> rows = batch.stream().map(Pending::row).toList();
        if (workspace == null) transaction.executeWithoutResult(status -> writer.write(rows));
        else Tenant.run(workspace, () -> transaction.executeWithoutResult(status -> writer.write(rows)));
    }
}
