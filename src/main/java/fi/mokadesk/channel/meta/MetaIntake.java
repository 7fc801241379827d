package fi.mokadesk.channel.meta;

import fi.mokadesk.database.DatabaseUnavailable;
import fi.mokadesk.database.GroupCommit;
import fi.mokadesk.workspace.Access;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Meta webhook's durable queue: a verified body is committed before Meta hears 200 (bodies arriving
 * together share one insert and one commit, see {@link GroupCommit}), and worker threads process stored
 * bodies afterwards. A body is claimed with {@code FOR UPDATE SKIP
 * LOCKED} under a two-minute lease (committed), so nodes never take the same one, and a desk that stops
 * mid-way leaves it to be taken again after a restart or when the lease ends. Processing is idempotent
 * (platform ids), so taking a body twice changes nothing.
 */
@Component
public class MetaIntake {

    private static final Logger log = LoggerFactory.getLogger(MetaIntake.class);
    private static final int BATCH = 20;
    private static final int MAX_ATTEMPTS = 20;

    private final JdbcClient jdbc;
    private final MetaRoutes routes;
    private final MetaInbound inbound;
    private final Map<String, MetaEvents> handlers;
    private final boolean processing;
    private final int workers;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Semaphore wake = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private final GroupCommit<Body> writer;
    private volatile boolean running = true;

    MetaIntake(
            JdbcClient jdbc,
            MetaRoutes routes,
            MetaInbound inbound,
            List<MetaEvents> handlers,
            @Value("${mokadesk.meta.processing:true}") boolean processing,
            @Value("${mokadesk.meta.workers:2}") int workers,
            io.micrometer.core.instrument.MeterRegistry meters,
            TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.routes = routes;
        this.inbound = inbound;
        this.handlers = handlers.stream().collect(Collectors.toMap(MetaEvents::type, Function.identity()));
        this.processing = processing;
        this.workers = Math.max(1, workers);
        // Every body must be durable before Meta hears 200; one commit per request would cap the intake at the
        // disk's flushes per second, so bodies arriving together share one insert and one commit. A batch stops
        // growing at 8 MB of bodies (a body may be up to 8 MB), and each written batch wakes the processing.
        this.writer = new GroupCommit<>(
                "meta-intake", transaction, this::insert, 200, b -> b.body().length, 8L << 20, wake::release);
        io.micrometer.core.instrument.Gauge.builder("mokadesk.meta.intake.pending", this, MetaIntake::pending)
                .description("Meta webhook bodies stored and not yet processed")
                .register(meters);
    }

    private double pending() {
        try {
            return jdbc.sql("select count(*) from meta_intake where state = 'pending'")
                    .query(Long.class)
                    .single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The body was not stored (or it is not known whether it was): Meta should send it again later. */
    static final class NotStored extends RuntimeException {
        NotStored(String why, Throwable cause) {
            super(why, cause, false, false);
        }
    }

    private record Body(String object, byte[] body) {}

    /**
     * Stores a verified body and returns once it is committed: what Meta sent is now kept. Throws
     * {@link NotStored} when it was not (Meta is then asked to send it again, and a body stored after all
     * is processed once: platform ids).
     */
    void store(String object, byte[] body) {
        try {
            writer.write(null, new Body(object, body));
        } catch (RuntimeException e) {
            throw new NotStored(DatabaseUnavailable.explains(e) ? "the database is unavailable" : e.getMessage(), e);
        }
    }

    /** One statement for the batch, so all of it is stored or none. */
    private void insert(List<Body> batch) {
        StringBuilder sql = new StringBuilder("insert into meta_intake (object, body) values ");
        List<Object> params = new ArrayList<>(batch.size() * 2);
        for (int i = 0; i < batch.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            params.add(batch.get(i).object());
            params.add(batch.get(i).body());
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!processing) {
            log.info("Meta webhook processing is off (mokadesk.meta.processing=false): bodies are stored only");
            return;
        }
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(this::work, "meta-intake-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        writer.stop();
        // Workers finish the body in hand and hand the rest of their claim back (see release) while the
        // database is still there; only one that does not finish in time is interrupted.
        wake.release(threads.size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.forEach(Thread::interrupt);
    }

    private void work() {
        while (running) {
            try {
                if (processDue() == 0) {
                    wake.tryAcquire(500, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) return;
                log.warn("Meta webhook processing paused after an error (stored bodies wait): {}", e.toString());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private record Stored(long id, String object, byte[] body, int attempts) {}

    /** Claims and processes what is due now; returns how many bodies were taken. */
    int processDue() {
        List<Stored> due = jdbc.sql("""
                        -- in the order of the pending index (next_attempt_at, id): the oldest due first without
                        -- sorting every waiting body on each claim (during a burst tens of thousands wait)
                        update meta_intake set attempts = attempts + 1, next_attempt_at = now() + interval '2 minutes'
                         where id in (select id from meta_intake
                                       where state = 'pending' and next_attempt_at <= now()
                                       order by next_attempt_at, id limit ? for update skip locked)
                        returning id, object, body, attempts
                        """)
                .param(BATCH)
                .query((rs, i) -> new Stored(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getInt(4)))
                .list();
        List<Long> done = new ArrayList<>(due.size());
        try {
            processAll(due, done);
        } finally {
            // One statement marks the batch done (one commit instead of one per body); if it is lost with the
            // node, the bodies are processed again when their claim ends, which processing allows.
            if (!done.isEmpty()) {
                jdbc.sql("update meta_intake set state = 'done', processed_at = now(), last_error = null"
                                + " where id = any(?)")
                        .param(done.toArray(Long[]::new))
                        .update();
            }
        }
        return due.size();
    }

    /**
     * Processes the claimed bodies in the order they arrived, with the customer messages they hold stored
     * together at the end ({@link MetaInbound#collecting}); a body whose processing or messages failed is
     * tried again later, the others are done.
     */
    private void processAll(List<Stored> due, List<Long> done) {
        List<Stored> ordered = due.stream()
                .sorted(java.util.Comparator.comparingLong(Stored::id))
                .toList();
        Map<Stored, RuntimeException> failed = inbound.collecting(ordered, stored -> {
            if (!running) throw new IllegalStateException("the desk is stopping");
            process(stored);
        });
        for (Stored stored : ordered) {
            RuntimeException e = failed.get(stored);
            if (e == null) {
                done.add(stored.id());
            } else if (!running) {
                release(stored);
            } else {
                boolean giveUp = stored.attempts() >= MAX_ATTEMPTS;
                log.warn(
                        "Meta webhook body {} could not be processed (attempt {}{}): {}",
                        stored.id(),
                        stored.attempts(),
                        giveUp ? ", kept as failed" : ", will be tried again",
                        e.toString());
                jdbc.sql("""
                                update meta_intake set state = ?, last_error = ?,
                                       next_attempt_at = now() + make_interval(secs => ?)
                                 where id = ?
                                """)
                        .params(
                                giveUp ? "failed" : "pending",
                                shorten(e.toString()),
                                Math.min(3600, 5L << Math.min(stored.attempts(), 10)),
                                stored.id())
                        .update();
            }
        }
    }

    /**
     * A node that stops hands what it claimed but did not finish straight back, without counting an attempt,
     * so another node takes it now rather than after the two-minute claim (a rolling restart delays nothing).
     */
    private void release(Stored stored) {
        try {
            jdbc.sql("update meta_intake set attempts = attempts - 1, next_attempt_at = now() where id = ?"
                            + " and state = 'pending'")
                    .param(stored.id())
                    .update();
        } catch (RuntimeException e) {
            log.info("Meta webhook body {} stays claimed until its claim ends: {}", stored.id(), e.toString());
        }
    }

    private void process(Stored stored) {
        String type = MetaRoutes.type(stored.object());
        MetaEvents handler = type == null ? null : handlers.get(type);
        if (handler == null) return;
        JsonNode root = json.readTree(stored.body());
        for (JsonNode entry : root.path("entry")) {
            String account = MetaEvents.text(entry, "id");
            MetaRoutes.Route route = routes.find(type, account).orElse(null);
            if (route == null) {
                log.info("Meta {} entry for account {} has no enabled channel (any more); skipped", type, account);
                continue;
            }
            Access.runAs(Access.system(route.workspaceId(), type), () -> handler.handle(route, entry));
        }
    }

    private static String shorten(String text) {
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
