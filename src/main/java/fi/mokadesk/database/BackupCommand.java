package fi.mokadesk.database;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.CyclicBufferAppender;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code backup --out FILE.zip} and {@code restore --from FILE.zip}: a copy of the embedded database that
 * PostgreSQL can start from ({@link PhysicalBackup}), taken while the desk runs or while it is stopped, and
 * put back into an empty data directory. Neither starts the web server; neither ever overwrites anything.
 *
 * <p>Exit codes: 0 done, 2 bad arguments, 3 the backup or restore failed (the message says why).
 */
public final class BackupCommand {

    static final String BACKUP_USAGE = """
            usage: backup --out FILE.zip [--data-dir DIR]
              --out       the backup file to write (must not exist yet)
              --data-dir  the desk's data directory (default: MOKADESK_DATA_DIR, else ./data)
            The desk may keep running: the backup is consistent as of the moment it ends.""";

    static final String RESTORE_USAGE = """
            usage: restore --from FILE.zip [--data-dir DIR]
              --from      a file written by the backup command
              --data-dir  an empty data directory to restore into (default: MOKADESK_DATA_DIR, else ./data)
            Stop the desk first; then start it on the restored data directory.""";

    static final int OK = 0;
    static final int BAD_ARGUMENTS = 2;
    static final int FAILED = 3;

    private static final CyclicBufferAppender<ILoggingEvent> POSTGRES_MESSAGES = new CyclicBufferAppender<>();

    private BackupCommand() {}

    public static int backup(String[] args) {
        return backup(args, System.getenv(), System.out, System.err);
    }

    public static int restore(String[] args) {
        return restore(args, System.getenv(), System.out, System.err);
    }

    private record Arguments(Path file, Path dataDir) {}

    static int backup(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Arguments arguments = parse(args, "--out", BACKUP_USAGE, env, out, err);
        if (arguments == null) return Arrays.stream(args).anyMatch(BackupCommand::isHelp) ? OK : BAD_ARGUMENTS;
        if (external(env, err)) return BAD_ARGUMENTS;
        Path target = arguments.file().toAbsolutePath().normalize();
        Path postgres = arguments.dataDir().resolve("postgres");
        if (!Files.exists(postgres.resolve("PG_VERSION"))) {
            err.println("No Mokadesk database in " + arguments.dataDir() + " (expected " + postgres + ")");
            return FAILED;
        }
        if (Files.exists(target)) {
            err.println(target + " exists already; choose a new file (a backup never overwrites anything)");
            return FAILED;
        }
        quietLogging();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        DatabaseProperties properties = embedded(arguments.dataDir());
        boolean deskRunning = false;
        try {
            try {
                EmbeddedDatabase.claim(properties);
            } catch (DataDirectoryInUse inUse) {
                deskRunning = true;
            }
            PhysicalBackup.Result result;
            try (Connection connection = deskRunning ? runningDesk(postgres) : ownServer(properties);
                    OutputStream file = Files.newOutputStream(partial)) {
                result = PhysicalBackup.write(connection, postgres, file);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            out.printf(
                    Locale.ROOT,
                    "Backed up %s (%s) to %s: %d files, %.1f MB, WAL %s to %s.%n"
                            + "Restore it with: java -jar mokadesk.jar restore --from %s --data-dir NEW_EMPTY_DIR%n",
                    postgres,
                    deskRunning ? "the desk was running" : "the desk was stopped",
                    target,
                    result.files(),
                    Files.size(target) / 1e6,
                    result.startWal(),
                    result.stopWal(),
                    target);
            return OK;
        } catch (IOException | SQLException | RuntimeException e) {
            failed(err, "Backup", e);
            deleteQuietly(partial);
            return FAILED;
        } finally {
            EmbeddedDatabase.stop();
        }
    }

    static int restore(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Arguments arguments = parse(args, "--from", RESTORE_USAGE, env, out, err);
        if (arguments == null) return Arrays.stream(args).anyMatch(BackupCommand::isHelp) ? OK : BAD_ARGUMENTS;
        if (external(env, err)) return BAD_ARGUMENTS;
        Path backup = arguments.file();
        if (!Files.isReadable(backup)) {
            err.println("Cannot read " + backup);
            return FAILED;
        }
        quietLogging();
        Path postgres = arguments.dataDir().resolve("postgres");
        DatabaseProperties properties = embedded(arguments.dataDir());
        try {
            EmbeddedDatabase.claim(properties);
            if (!isEmpty(postgres)) {
                err.println(postgres + " already holds a database; restore into an empty data directory "
                        + "(nothing is ever overwritten)");
                return FAILED;
            }
            Path unpacking = arguments.dataDir().resolve("postgres.restoring");
            deleteTree(unpacking); // what an earlier, interrupted restore left
            PhysicalBackup.extract(backup, unpacking);
            if (Files.exists(postgres)) Files.delete(postgres); // empty, checked above
            Files.move(unpacking, postgres, StandardCopyOption.ATOMIC_MOVE);
            // Starting once replays the backup's WAL; counting shows what came back, through the read views
            // the workspace and conversation modules keep for it. A backup of a desk older than those views
            // is restored just the same, only without the figures (the desk adds the views when it starts).
            try (Connection connection = ownServer(properties);
                    Statement sql = connection.createStatement()) {
                String contents = "";
                if (hasReadViews(sql)) {
                    try (ResultSet counts = sql.executeQuery("""
                            select (select count(*) from workspace_directory),
                                   (select coalesce(sum(messages), 0) from message_totals)
                            """)) {
                        counts.next();
                        contents = String.format(
                                Locale.ROOT, ": %d workspaces, %d messages", counts.getLong(1), counts.getLong(2));
                    }
                }
                out.printf(
                        Locale.ROOT,
                        "Restored %s into %s%s.%nStart the desk with MOKADESK_DATA_DIR=%s%n",
                        backup,
                        postgres,
                        contents,
                        arguments.dataDir());
            }
            return OK;
        } catch (DataDirectoryInUse e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (IOException | SQLException | RuntimeException e) {
            failed(err, "Restore", e);
            return FAILED;
        } finally {
            EmbeddedDatabase.stop();
        }
    }

    private static boolean hasReadViews(Statement sql) throws SQLException {
        try (ResultSet views = sql.executeQuery(
                "select to_regclass('workspace_directory') is not null and to_regclass('message_totals') is not null")) {
            return views.next() && views.getBoolean(1);
        }
    }

    private static Arguments parse(
            String[] args, String fileFlag, String usage, Map<String, String> env, PrintStream out, PrintStream err) {
        Path file = null;
        String dataDir = env.getOrDefault("MOKADESK_DATA_DIR", "");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (isHelp(flag)) {
                out.println(usage);
                return null;
            }
            if (i + 1 >= args.length) {
                err.println("missing value after " + flag + "\n" + usage);
                return null;
            }
            String value = args[++i];
            if (flag.equals(fileFlag)) file = Path.of(value);
            else if (flag.equals("--data-dir")) dataDir = value;
            else {
                err.println("unknown option " + flag + "\n" + usage);
                return null;
            }
        }
        if (file == null) {
            err.println("missing " + fileFlag + "\n" + usage);
            return null;
        }
        if (dataDir.isBlank()) dataDir = "./data";
        return new Arguments(file, Path.of(dataDir).toAbsolutePath().normalize());
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    private static boolean external(Map<String, String> env, PrintStream err) {
        String url = env.get("MOKADESK_DB_URL");
        if (url == null || url.isBlank()) return false;
        err.println("MOKADESK_DB_URL is set: the desk uses an external PostgreSQL; back it up with pg_dump or "
                + "pg_basebackup (docs/RELIABILITY.md). These commands work on the embedded database.");
        return true;
    }

    private static DatabaseProperties embedded(Path dataDir) {
        return new DatabaseProperties(null, null, null, dataDir.toString(), 1, false, 0);
    }

    /** The desk holds the directory: back up through its running server, found by its postmaster.pid. */
    private static Connection runningDesk(Path postgres) throws SQLException {
        PostmasterPid server = PostmasterPid.read(postgres)
                .filter(pid -> pid.liveServer().isPresent())
                .orElseThrow(() -> new IllegalStateException(
                        "a desk holds " + postgres.getParent() + " but its database is not running; try again"));
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + server.port() + "/postgres", "postgres", "postgres");
    }

    private static Connection ownServer(DatabaseProperties properties) throws SQLException {
        return DriverManager.getConnection(EmbeddedDatabase.jdbcUrl(properties), "postgres", "postgres");
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) return true;
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The commands speak for themselves; library chatter stays out. PostgreSQL's own messages are kept
     * aside and shown only when something fails (they say why recovery or start-up failed).
     */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            ch.qos.logback.classic.Logger postgres = context.getLogger(EmbeddedPostgres.class);
            postgres.setLevel(Level.INFO);
            postgres.setAdditive(false);
            POSTGRES_MESSAGES.setContext(context);
            POSTGRES_MESSAGES.setMaxSize(40);
            POSTGRES_MESSAGES.start();
            postgres.addAppender(POSTGRES_MESSAGES);
        }
    }

    private static void failed(PrintStream err, String what, Exception e) {
        err.println(what + " failed: " + e.getMessage());
        if (POSTGRES_MESSAGES.getLength() == 0) return;
        err.println("PostgreSQL's last messages:");
        for (int i = 0; i < POSTGRES_MESSAGES.getLength(); i++) {
            err.println("  " + POSTGRES_MESSAGES.get(i).getFormattedMessage());
        }
    }
}
