package fi.mokadesk.database;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the embedded PostgreSQL running. Every few seconds it looks at the server's process (the PID in
 * {@code postmaster.pid}); when the process is gone — killed, crashed, stopped by hand — it starts the server
 * again on the same data directory with the same command line ({@code pg_ctl restart} reads it back from
 * {@code postmaster.opts}: port, durability and memory settings), so the connection pool finds it where it
 * was and the desk recovers on its own. PostgreSQL's crash recovery replays the write-ahead log, so every
 * committed message is there again.
 *
 * <p>Only in embedded mode; an external database is its operator's to run. Never while the JVM shuts down
 * (then the server is stopped on purpose).
 */
final class EmbeddedDatabaseWatchdog implements SmartLifecycle {

    static final long CHECK_EVERY_SECONDS = 2;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseWatchdog.class);
    private static final Logger postgresLog = LoggerFactory.getLogger("fi.mokadesk.database.postgres");

    /** Several application contexts (tests) may watch the one embedded server of the JVM: one restart at a time. */
    private static final Object RESTARTS = new Object();

    private static final AtomicInteger HOLDS = new AtomicInteger();

    private final boolean embedded;
    private final JdbcClient owner;
    private volatile Path dataDirectory;
    private ScheduledExecutorService timer;

    EmbeddedDatabaseWatchdog(boolean embedded, OwnerDataSource owner) {
        this.embedded = embedded;
        this.owner = JdbcClient.create(owner);
    }

    @Override
    public synchronized void start() {
        if (!embedded || timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, CHECK_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) timer.shutdown();
        timer = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    /**
     * Tests that stop the database on purpose hold restarts while they look at the desk without it; closing
     * the hold lets the watchdog do its work again.
     */
    static AutoCloseable holdRestarts() {
        HOLDS.incrementAndGet();
        return HOLDS::decrementAndGet;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Database watchdog check failed: {}", e.toString());
        }
    }

    void check() {
        Path dir = dataDirectory();
        if (dir == null || HOLDS.get() > 0) return;
        synchronized (RESTARTS) {
            if (serverRunning(dir) || shuttingDown()) return;
            restart(dir);
        }
    }

    /** Asked once from the server itself while it runs, so the watchdog needs no copy of the start settings. */
    private Path dataDirectory() {
        if (dataDirectory == null) {
            try {
                dataDirectory = Path.of(owner.sql("select current_setting('data_directory')")
                        .query(String.class)
                        .single());
            } catch (RuntimeException notYet) {
                return null;
            }
        }
        return dataDirectory;
    }

    static boolean serverRunning(Path dir) {
        long pid;
        try {
            List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (lines.isEmpty()) return true; // being written by a starting server
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NoSuchFileException stopped) {
            return false;
        } catch (IOException | NumberFormatException unreadable) {
            return true; // cannot tell; never start a second server over a live one
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive() || zombie(pid)) return false;
        // after a crash the number may have been handed to an unrelated process
        return process.get().info().command().map(c -> c.contains("postgres")).orElse(true);
    }

    /** A killed server whose parent has not reaped it yet still has a process entry (Linux). */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int name = stat.lastIndexOf(')');
            return name > 0 && stat.length() > name + 2 && stat.charAt(name + 2) == 'Z';
        } catch (IOException | RuntimeException noProc) {
            return false;
        }
    }

    private void restart(Path dir) {
        long started = System.nanoTime();
        List<String> command = new ArrayList<>();
        try {
            String opts = Files.readAllLines(dir.resolve("postmaster.opts"), StandardCharsets.UTF_8)
                    .get(0);
            int arguments = opts.indexOf(" \"");
            Path postgres = Path.of(arguments < 0 ? opts.trim() : opts.substring(0, arguments));
            // As root the embedded server runs in a user namespace, as it did on its first start.
            if (LinuxUtils.isUnshareAvailable()) command.addAll(List.of("unshare", "-U"));
            command.addAll(List.of(
                    postgres.resolveSibling("pg_ctl").toString(),
                    "restart",
                    "-D",
                    dir.toString(),
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    "60"));
            Process pgCtl =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            forwardOutput(pgCtl);
            if (!pgCtl.waitFor(70, TimeUnit.SECONDS)) {
                pgCtl.destroy();
                log.error("Embedded PostgreSQL was not running and did not start again within 70 s (data in {})", dir);
            } else if (pgCtl.exitValue() != 0) {
                log.error(
                        "Embedded PostgreSQL was not running and could not be started again (pg_ctl exit {}, data in {});"
                                + " trying again in {} s",
                        pgCtl.exitValue(),
                        dir,
                        CHECK_EVERY_SECONDS);
            } else {
                log.warn(
                        "Embedded PostgreSQL was not running; started it again on its data directory {} in {} ms",
                        dir,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        } catch (IOException | RuntimeException e) {
            log.error(
                    "Embedded PostgreSQL was not running and could not be started again ({}): {}",
                    command,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** pg_ctl's messages, then the server's log for as long as the server runs (it inherits the pipe). */
    private static void forwardOutput(Process pgCtl) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(pgCtl.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) postgresLog.info("{}", line);
                    } catch (IOException closed) {
                        // the server stopped
                    }
                },
                "postgres-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** True once the JVM is exiting: its shutdown hooks stop the server on purpose. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException exiting) {
            return true;
        }
    }
}
