package fi.mokadesk.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Mokadesk per data directory. The lock on {@code mokadesk.lock} belongs to the operating system
 * process: it goes away when the process ends however it ends, so a crash never leaves a stale lock behind
 * (unlike {@code postmaster.pid}), and a second process on the same directory is told so before it touches
 * anything.
 */
final class DataDirectoryLock {

    static final String FILE = "mokadesk.lock";

    private final Path dataDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path dataDir, FileChannel channel, FileLock lock) {
        this.dataDir = dataDir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory, or throws {@link DataDirectoryInUse} when another process holds it. */
    static DataDirectoryLock acquire(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) throw new DataDirectoryInUse(dir);
            return new DataDirectoryLock(dir, channel, lock);
        } catch (OverlappingFileLockException e) {
            // Held by this very process: a second desk started inside the same JVM.
            close(channel);
            throw new DataDirectoryInUse(dir);
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("could not lock " + dir.resolve(FILE), e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    Path dataDir() {
        return dataDir;
    }

    void release() {
        try {
            lock.release();
        } catch (IOException e) {
            // The lock goes with the channel anyway.
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to do: closing only gives the lock back.
        }
    }
}
