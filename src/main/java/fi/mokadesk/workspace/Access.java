package fi.mokadesk.workspace;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.AccessDeniedProblem;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the current request (or job) may do: in which workspace, with which role, as whom. Set by the
 * security filters for web and API requests and by {@link #callAs} for background work.
 */
public record Access(UUID workspaceId, String workspaceName, Role role, Actor actor, UUID userId) {

    private static final ThreadLocal<Access> CURRENT = new ThreadLocal<>();

    public static Optional<Access> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static Access require() {
        Access access = CURRENT.get();
        if (access == null) throw new AccessDeniedProblem("not signed in to a workspace");
        return access;
    }

    /** The current access, which must have at least {@code role}. */
    public static Access require(Role role) {
        Access access = require();
        if (!access.role().atLeast(role)) {
            throw new AccessDeniedProblem("this needs the role " + role.code() + " or higher");
        }
        return access;
    }

    public static <T> T callAs(Access access, Supplier<T> work) {
        Access before = CURRENT.get();
        CURRENT.set(access);
        try {
            return Tenant.call(access.workspaceId(), work);
        } finally {
            if (before == null) CURRENT.remove();
            else CURRENT.set(before);
        }
    }

    public static void runAs(Access access, Runnable work) {
        callAs(access, () -> {
            work.run();
            return null;
        });
    }

    /** Mokadesk's own automations in a workspace. */
    public static Access system(UUID workspaceId, String what) {
        return new Access(workspaceId, null, Role.ADMIN, Actor.system(what), null);
    }

    static void set(Access access) {
        CURRENT.set(access);
        Tenant.set(access.workspaceId());
    }

    static void clear() {
        CURRENT.remove();
        Tenant.clear();
    }
}
