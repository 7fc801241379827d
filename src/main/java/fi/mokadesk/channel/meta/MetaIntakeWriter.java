package fi.mokadesk.channel.meta;

import fi.mokadesk.database.DatabaseUnavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Group commit for the Meta webhook. Every body must be durable before Meta hears 200, and with
 * {@code synchronous_commit=on} each commit waits for the disk: one insert per request would cap the
 * intake at the disk's flushes per second. Requests hand their body to a writer thread instead; the writer
 * stores what has gathered meanwhile in one multi-row insert (one commit) and then releases every request of
 * it. A lone request is written at once, so a quiet desk answers as fast as before; under load the batches
 * grow by themselves while the previous commit waits for the disk.
 *
 * <p>A batch the database refuses for a reason of one body (none is known; the table takes any bytes) is
 * written again body by body, so one bad body never costs the others their 200. When the database itself is
 * away the whole batch fails at once and Meta is told to come back ({@code 503}): it retries, and a body
 * that was stored after all is processed only once (platform ids).
 */
final class MetaIntakeWriter {

    static final int MAX_BATCH = 200;
    /** Bodies may be up to 8 MB: a batch stops growing at this size, so one statement stays reasonable. */
    static final long MAX_BATCH_BYTES = 8L << 20;

    private static final Logger log = LoggerFactory.getLogger(MetaIntakeWriter.class);

    /** The body was not stored (or it is not known whether it was): Meta should send it again later. */
    static final class NotStored extends RuntimeException {
        NotStored(String why, Throwable cause) {
            super(why, cause, false, false);
        }
    }

    private record Pending(String object, byte[] body, CompletableFuture<Void> stored) {}

    private final JdbcClient jdbc;
    private final Runnable afterWrite;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(5_000);
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    /** {@code afterWrite} runs after each committed batch (wakes the processing). */
    MetaIntakeWriter(JdbcClient jdbc, Runnable afterWrite, int threads) {
        this.jdbc = jdbc;
        this.afterWrite = afterWrite;
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::loop, "meta-intake-writer-" + i);
            thread.setDaemon(true);
            thread.start();
            writers.add(thread);
        }
    }

    /** Returns once the body is committed; throws {@link NotStored} when it was not (or may not have been). */
    void store(String object, byte[] body) {
        Pending pending = new Pending(object, body, new CompletableFuture<>());
        try {
            if (!running || !queue.offer(pending, 2, TimeUnit.SECONDS)) {
                throw new NotStored("too many webhook deliveries at once", null);
            }
            pending.stored().get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotStored("interrupted while storing", e);
        } catch (TimeoutException e) {
            throw new NotStored("storing took too long", e);
        } catch (ExecutionException e) {
            throw new NotStored(
                    DatabaseUnavailable.explains(e.getCause()) ? "the database is unavailable" : "storing failed",
                    e.getCause());
        }
    }

    void stop() {
        running = false;
        writers.forEach(Thread::interrupt);
        // Whatever still waits was never acknowledged: its senders hear 503 and Meta sends it again.
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending p : left) p.stored().completeExceptionally(new NotStored("the desk is stopping", null));
    }

    private void loop() {
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                long bytes = first.body().length;
                Pending next;
                while (batch.size() < MAX_BATCH && bytes < MAX_BATCH_BYTES && (next = queue.poll()) != null) {
                    batch.add(next);
                    bytes += next.body().length;
                }
                write(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Meta webhook intake writer failed; continuing", e);
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            insert(batch);
            batch.forEach(p -> p.stored().complete(null));
        } catch (RuntimeException e) {
            if (batch.size() == 1 || DatabaseUnavailable.explains(e)) {
                batch.forEach(p -> p.stored().completeExceptionally(e));
                return;
            }
            log.warn("Meta webhook batch of {} bodies is written one by one: {}", batch.size(), e.toString());
            for (Pending p : batch) {
                try {
                    insert(List.of(p));
                    p.stored().complete(null);
                } catch (RuntimeException single) {
                    p.stored().completeExceptionally(single);
                }
            }
        }
        afterWrite.run();
    }

    /** One statement, so one commit (autocommit) for the whole batch: all of it is stored, or none. */
    private void insert(List<Pending> batch) {
        StringBuilder sql = new StringBuilder("insert into meta_intake (object, body) values ");
        List<Object> params = new ArrayList<>(batch.size() * 2);
        for (int i = 0; i < batch.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            params.add(batch.get(i).object());
            params.add(batch.get(i).body());
        }
        jdbc.sql(sql.toString()).params(params).update();
    }
}
