package fi.mokadesk.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code postmaster.pid} in a PostgreSQL data directory says about the server that wrote it: its
 * process and port. PostgreSQL writes the file when it starts and removes it on a clean shutdown, so a file
 * whose process still runs names a live server of that directory.
 *
 * @param pid the postmaster's process id (first line)
 * @param dataDirectory the data directory the server runs on (second line)
 * @param port its TCP port (fourth line)
 */
record PostmasterPid(long pid, Path dataDirectory, int port) {

    static Optional<PostmasterPid> read(Path dataDirectory) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not read " + dataDirectory.resolve("postmaster.pid"), e);
        }
        // A server that is still writing the file, or a truncated file: nothing usable yet.
        if (lines.size() < 4) return Optional.empty();
        try {
            return Optional.of(new PostmasterPid(
                    Long.parseLong(lines.get(0).strip()),
                    Path.of(lines.get(1).strip()),
                    Integer.parseInt(lines.get(3).strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The server's process, if it still runs and is a PostgreSQL server (not a reused process id). */
    Optional<ProcessHandle> liveServer() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
    }
}
