package fi.mokadesk.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A copy of a running PostgreSQL data directory that PostgreSQL can start from, taken the way
 * {@code pg_basebackup -X fetch} takes it but with nothing more than a superuser connection and read access
 * to the files (the embedded server comes without {@code pg_basebackup} and {@code pg_dump}).
 *
 * <p>Between {@code pg_backup_start} and {@code pg_backup_stop} the files are copied as they are, possibly
 * torn by writes happening meanwhile; that is fine because PostgreSQL writes full page images to the WAL
 * during a backup, and the WAL from the backup's start to its end goes into the copy too. The copy holds
 * {@code backup_label}, so the server started on it first replays that WAL and only then opens: what it
 * shows is the database as it was when the backup ended. A temporary replication slot keeps the server
 * from recycling that WAL while the copy runs.
 */
final class PhysicalBackup {

    /** Directories whose contents a backup leaves out (rebuilt or irrelevant on start), as PostgreSQL documents. */
    private static final Set<String> CONTENT_LEFT_OUT = Set.of(
            "pg_wal",
            "pg_replslot",
            "pg_dynshmem",
            "pg_notify",
            "pg_serial",
            "pg_snapshots",
            "pg_stat_tmp",
            "pg_subtrans");

    /** Files that belong to the running server, not to the data. */
    private static final Set<String> FILES_LEFT_OUT = Set.of(
            "postmaster.pid",
            "postmaster.opts",
            "epg-lock",
            "backup_label",
            "backup_label.old",
            "tablespace_map",
            "backup_manifest",
            "pg_internal.init",
            "standby.signal",
            "recovery.signal");

    private static final Pattern WAL_FILE = Pattern.compile("[0-9A-F]{24}");
    private static final Pattern START_FILE = Pattern.compile("START WAL LOCATION: \\S+ \\(file ([0-9A-F]{24})\\)");

    record Result(String startWal, String stopWal, long files) {}

    private PhysicalBackup() {}

    /**
     * Writes a backup of the server behind {@code connection} (a superuser session on the server whose data
     * directory is {@code dataDirectory}) to {@code out} as a zip file.
     */
    static Result write(Connection connection, Path dataDirectory, OutputStream out) throws IOException, SQLException {
        connection.setAutoCommit(true);
        try (Statement sql = connection.createStatement();
                ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            String slot = "mokadesk_backup_" + UUID.randomUUID().toString().replace("-", "");
            sql.execute("select pg_create_physical_replication_slot('" + slot + "', true, true)");
            sql.execute("select pg_backup_start('mokadesk backup', true)");
            long[] files = {0};
            Files.walkFileTree(dataDirectory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    String name = entryName(dataDirectory, dir);
                    if (!name.isEmpty()) zip.putNextEntry(new ZipEntry(name + "/"));
                    if (dir.getFileName() != null
                            && dir.getFileName().toString().startsWith("pgsql_tmp")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (CONTENT_LEFT_OUT.contains(name)) {
                        // The directory itself must exist, and pg_wal's own subdirectories (the WAL follows
                        // at the end); a replication slot's directory must not (not even our own slot's).
                        if (name.equals("pg_wal")) {
                            try (Stream<Path> children = Files.list(dir)) {
                                for (Path child :
                                        children.filter(Files::isDirectory).toList()) {
                                    zip.putNextEntry(new ZipEntry(entryName(dataDirectory, child) + "/"));
                                }
                            }
                        }
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String fileName = file.getFileName().toString();
                    if (FILES_LEFT_OUT.contains(fileName) || fileName.startsWith("pgsql_tmp")) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (copy(file, entryName(dataDirectory, file), zip)) files[0]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // A table dropped or a temporary file removed while we walk: it is not part of the backup.
                    if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                    throw e;
                }
            });

            String label;
            String tablespaceMap;
            String stopWal;
            try (ResultSet stop = sql.executeQuery("""
                    select labelfile, spcmapfile,
                           pg_walfile_name(lsn + (select setting::bigint from pg_settings where name = 'wal_segment_size'))
                      from pg_backup_stop(false)
                    """)) {
                stop.next();
                label = stop.getString(1);
                tablespaceMap = stop.getString(2);
                stopWal = stop.getString(3);
            }
            putText(zip, "backup_label", label);
            if (tablespaceMap != null && !tablespaceMap.isBlank()) putText(zip, "tablespace_map", tablespaceMap);

            Matcher start = START_FILE.matcher(label);
            if (!start.find()) throw new IllegalStateException("unexpected backup label: " + label);
            String startWal = start.group(1);
            // The WAL from the backup's start to its end (and the segment after, where the end may sit).
            Path wal = dataDirectory.resolve("pg_wal");
            try (Stream<Path> segments = Files.list(wal)) {
                for (Path segment : segments.sorted().toList()) {
                    String name = segment.getFileName().toString();
                    boolean needed = WAL_FILE.matcher(name).matches()
                            && name.compareTo(startWal) >= 0
                            && name.compareTo(stopWal) <= 0;
                    if ((needed || name.endsWith(".history")) && copy(segment, "pg_wal/" + name, zip)) files[0]++;
                }
            }
            return new Result(startWal, stopWal, files[0] + 1);
        }
    }

    /** Unpacks a backup written by {@link #write} into {@code target}, which must not exist yet. */
    static void extract(Path backup, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        boolean hasLabel = false;
        boolean hasVersion = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root) || path.equals(root)) {
                    if (path.equals(root)) continue;
                    throw new IOException("refusing entry outside the data directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                Files.copy(zip, path);
                hasLabel |= entry.getName().equals("backup_label");
                hasVersion |= entry.getName().equals("PG_VERSION");
            }
        }
        if (!hasLabel || !hasVersion) {
            throw new IOException(backup + " is not a Mokadesk database backup (no backup_label or PG_VERSION)");
        }
        // PostgreSQL refuses a data directory that others can read.
        if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static String entryName(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static boolean copy(Path file, String name, ZipOutputStream zip) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return false;
        }
        try (in) {
            zip.putNextEntry(new ZipEntry(name));
            in.transferTo(zip);
            zip.closeEntry();
            return true;
        }
    }

    private static void putText(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
