package fi.mokadesk.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * One embedded PostgreSQL per JVM. Test contexts share it, so a test run starts the database once; the desk
 * keeps its files under the data directory so they survive restarts.
 *
 * <p>Starting on a data directory: take the directory ({@link DataDirectoryLock}, so a second desk is turned
 * away), stop a server an earlier desk left running there (its JVM died, PostgreSQL did not), then start
 * PostgreSQL with settings under which a committed transaction survives a crash of the process or the
 * machine.
 *
 * <p>Stopping: the server of a data directory stops after the desk, never under it. The library's own JVM
 * shutdown hook would run at the same time as Spring's, and could stop PostgreSQL while workers were still
 * finishing a transaction ("terminating connection due to administrator command" at exit). So the desk
 * turns that hook off and stops the server in a Spring Boot shutdown handler, which runs after every
 * application context has closed (the web server drained, the workers stopped, the pools closed). Throwaway
 * test databases keep the library's hook: several test contexts share them until the JVM ends.
 */
final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(60);

    private static EmbeddedPostgres running;
    private static DataDirectoryLock lock;

    private EmbeddedDatabase() {}

    static synchronized String jdbcUrl(DatabaseProperties properties) {
        if (running == null) running = start(properties);
        return running.getJdbcUrl("postgres", "postgres");
    }

    /**
     * Takes the data directory for this process, or throws {@link DataDirectoryInUse}. Called as early as
     * possible on start ({@link DataDirectoryClaim}) and again, harmlessly, when the database starts.
     */
    static synchronized void claim(DatabaseProperties properties) {
        if (properties.ephemeral()) return;
        Path dataDir = Path.of(properties.dataDir()).toAbsolutePath().normalize();
        if (lock != null) {
            if (lock.dataDir().equals(dataDir)) return;
            throw new IllegalStateException("this process already runs the database in " + lock.dataDir());
        }
        lock = DataDirectoryLock.acquire(dataDir);
    }

    /**
     * Starts the server on a thread of its own; {@link #jdbcUrl} waits for it. A start that fails here is
     * tried again, and reported, by the data source's own call.
     */
    static void startInBackground(DatabaseProperties properties) {
        Thread starter = new Thread(
                () -> {
                    try {
                        jdbcUrl(properties);
                    } catch (RuntimeException e) {
                        log.debug("Early start of the embedded PostgreSQL failed; the data source tries again", e);
                    }
                },
                "embedded-postgres-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Stops the database this JVM started and gives the data directory back (offline commands). */
    static synchronized void stop() {
        try {
            if (running != null) running.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
        } finally {
            running = null;
            if (lock != null) lock.release();
            lock = null;
        }
    }

    static Path postgresDirectory(DatabaseProperties properties) {
        return Path.of(properties.dataDir(), "postgres").toAbsolutePath().normalize();
    }

    private static EmbeddedPostgres start(DatabaseProperties properties) {
        try {
            Path dir;
            if (properties.ephemeral()) {
                dir = Files.createTempDirectory("mokadesk-pg-");
            } else {
                claim(properties);
                dir = postgresDirectory(properties);
                Files.createDirectories(dir);
                stopLeftoverServer(dir);
            }
            log.info("Starting embedded PostgreSQL with data in {}", dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (properties.port() > 0) builder.setPort(properties.port());
            builder.setDataDirectory(dir)
                    .setCleanDataDirectory(properties.ephemeral())
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("timezone", "UTC")
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setPGStartupWait(Duration.ofSeconds(120));
            if (properties.ephemeral()) survivesProcessCrash(builder);
            else stopsAfterTheDesk(durable(builder));
            EmbeddedPostgres postgres = builder.start();
            log.info("Embedded PostgreSQL listens on localhost:{} (user postgres)", postgres.getPort());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /**
     * The embedded library starts PostgreSQL for throwaway test databases: {@code -F} (no fsync) and
     * asynchronous commits. A desk answers {@code 201} only after the commit, so the commit must
     * be on disk by then: the WAL is flushed before a commit returns, and full page images in the WAL let
     * recovery repair pages torn by a crash mid-write. The cost is one WAL flush per commit, shared by every
     * transaction committing at that moment and by every message of an ingest batch (group commit, see
     * {@code IngestWriter}). Settings given here come after the library's flag and win.
     *
     * <p>Checkpoints are spaced by time (15 minutes) rather than by WAL volume: PostgreSQL's default of a
     * checkpoint every 1 GB of WAL meant one every half minute to a minute under a storm of new messages, and
     * after each checkpoint the first change of every page writes the whole page into the WAL again (most
     * index pages of randomly keyed rows). Measured under 32 connections of new messages: 0.72 full page images and
     * 15.9 kB of WAL per message with the default, 0.06 and 11.1 kB with these settings. The price is a
     * longer replay after a crash (at most the WAL since the last checkpoint) and up to {@code max_wal_size}
     * of disk for the WAL during such a storm; at everyday load the WAL stays small.
     */
    private static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("checkpoint_timeout", "15min")
                .setServerConfig("max_wal_size", "8GB");
    }

    /**
     * The library's own exit hook is off; a Spring Boot shutdown handler stops the server once every
     * application context has closed (see the class comment). Stopping is harmless when the start failed.
     */
    private static void stopsAfterTheDesk(EmbeddedPostgres.Builder builder) {
        builder.setRegisterShutdownHook(false);
        SpringApplication.getShutdownHandlers().add(EmbeddedDatabase::stop);
    }

    /**
     * A throwaway database (tests) keeps the library's {@code -F}: nothing of it must outlive the machine. But
     * its commits are synchronous too, so a transaction a test saw committed is in the operating system's
     * hands before the answer, and survives the kill of the PostgreSQL processes that outage tests perform.
     * With the library's asynchronous commits the last few hundred milliseconds of acknowledged work died
     * with the server's WAL buffers.
     */
    private static void survivesProcessCrash(EmbeddedPostgres.Builder builder) {
        builder.setServerConfig("synchronous_commit", "on");
    }

    /**
     * A desk whose JVM died (kill -9, out of memory) leaves its PostgreSQL running: the server is not a child
     * of the JVM. We hold the directory's lock, so no live desk uses that server any more; stop it the way
     * {@code pg_ctl stop -m fast} does (SIGINT: roll back open transactions, checkpoint, exit) and start
     * our own with our settings.
     */
    private static void stopLeftoverServer(Path dir) {
        Optional<PostmasterPid> pidFile = PostmasterPid.read(dir);
        if (pidFile.isEmpty()) return;
        Optional<ProcessHandle> server = pidFile.get().liveServer();
        if (server.isEmpty()) {
            log.warn(
                    "PostgreSQL in {} was not shut down cleanly last time; it recovers from its write-ahead log now",
                    dir);
            return;
        }
        // A desk of an older version takes only the embedded library's own lock, not ours: if that lock is
        // held, the server is in use, not left over.
        if (embeddedLibraryLockHeld(dir)) throw new DataDirectoryInUse(dir.getParent());
        ProcessHandle postmaster = server.get();
        log.warn(
                "Stopping the PostgreSQL server (pid {}) that an earlier Mokadesk left running on {}",
                postmaster.pid(),
                dir);
        signalFastShutdown(postmaster);
        try {
            postmaster.onExit().get(LEFTOVER_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("PostgreSQL (pid " + postmaster.pid() + ") left running on " + dir
                    + " did not stop within " + LEFTOVER_STOP_WAIT.toSeconds() + " s; stop it and start again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL left running on " + dir);
        }
    }

    private static boolean embeddedLibraryLockHeld(Path dir) {
        Path file = dir.resolve("epg-lock");
        if (!Files.exists(file)) return false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void signalFastShutdown(ProcessHandle postmaster) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) return;
        } catch (IOException e) {
            // No kill command here: fall back to SIGTERM below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // SIGTERM is PostgreSQL's "smart" shutdown: it waits for sessions, which died with the old desk.
        postmaster.destroy();
    }
}
