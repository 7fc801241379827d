package fi.mokadesk.database;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The workspace the current thread works for. Web requests set it from the signed-in person or token;
 * background work sets it per workspace with {@link #call}. Set it before a transaction starts: the
 * connection is keyed when it is taken from the pool.
 */
public final class Tenant {

    private static final ThreadLocal<UUID> CURRENT = new ThreadLocal<>();

    private Tenant() {}

    public static Optional<UUID> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static UUID require() {
        UUID id = CURRENT.get();
        if (id == null) throw new IllegalStateException("no workspace selected on this thread");
        return id;
    }

    static UUID currentOrNull() {
        return CURRENT.get();
    }

    /** Runs {@code work} for {@code workspace} and restores whatever was set before. */
    public static <T> T call(UUID workspace, Supplier<T> work) {
        UUID before = CURRENT.get();
        boolean changes = !java.util.Objects.equals(before, workspace);
        CURRENT.set(workspace);
        if (changes) TenantDataSource.rekeyBoundConnection();
        try {
            return work.get();
        } finally {
            if (before == null) CURRENT.remove();
            else CURRENT.set(before);
            if (changes) TenantDataSource.rekeyBoundConnection();
        }
    }

    public static void run(UUID workspace, Runnable work) {
        call(workspace, () -> {
            work.run();
            return null;
        });
    }

    /** For request filters: set at the start of a request, {@link #clear} at its end. */
    public static void set(UUID workspace) {
        CURRENT.set(workspace);
    }

    public static void clear() {
        CURRENT.remove();
    }
}
