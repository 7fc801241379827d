package fi.mokadesk.workspace;

import fi.mokadesk.kernel.AccessDeniedProblem;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changing and resetting passwords. Every signed-in person may change their own (knowing the current one,
 * or right after signing in with a one-time password); an admin may give a member a one-time password,
 * which works for one sign-in and then demands a new password.
 */
@Service
class Passwords {

    static final int MIN_LENGTH = 10;
    /** bcrypt reads at most 72 bytes; a longer password would only seem stronger. */
    static final int MAX_BYTES = 72;

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;
    private final LoginThrottle throttle;
    private final UserAccounts accounts;
    private final TransactionTemplate transaction;

    Passwords(
            JdbcClient jdbc,
            PasswordEncoder encoder,
            ApplicationEventPublisher events,
            LoginThrottle throttle,
            UserAccounts accounts,
            TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.events = events;
        this.throttle = throttle;
        this.accounts = accounts;
        this.transaction = transaction;
    }

    static void requireNewPassword(String password, String repeat) {
        if (password == null || password.isEmpty()) throw new InvalidInput("newPassword", "is required");
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidInput("newPassword", "must have at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidInput("newPassword", "must be at most " + MAX_BYTES + " bytes long");
        }
        if (!password.equals(repeat)) throw new InvalidInput("repeatPassword", "does not match the new password");
    }

    /**
     * The signed-in person sets a new password. {@code forced}: they have just signed in with a one-time
     * password (already used up) and need not type it again. Wrong current passwords count towards the
     * sign-in lock like failed sign-ins.
     */
    void change(SignedInUser user, String current, String password, String repeat, boolean forced, String address) {
        requireNewPassword(password, repeat);
        if (!forced) {
            if (throttle.locked(user.getUsername(), address)) {
                throw new InvalidInput("currentPassword", "too many failed attempts; try again later");
            }
            SignedInUser stored = accounts.loadUserByUsername(user.getUsername());
            if (current == null || !encoder.matches(current, stored.getPassword())) {
                throttle.failed(user.getUsername(), address);
                throw new InvalidInput("currentPassword", "is not your current password");
            }
            if (password.equals(current)) {
                throw new InvalidInput("newPassword", "must differ from the current password");
            }
        }
        String hash = encoder.encode(password);
        transaction.executeWithoutResult(status -> {
            ActingPerson.set(jdbc, user.id());
            boolean changed = jdbc.sql("select coalesce(set_own_password(?), false)")
                    .param(hash)
                    .query(Boolean.class)
                    .single();
            if (!changed) throw new NotFound("no such account");
            events.publishEvent(new Audited(
                    forced ? "user.password_set" : "user.password_changed",
                    "user",
                    user.id().toString(),
                    null,
                    null));
        });
    }

    /** An admin gives a member of the current workspace a one-time password, returned once. */
    String resetByAdmin(UUID member) {
        Access access = Access.require(Role.ADMIN);
        if (access.userId() == null) throw new AccessDeniedProblem("only a signed-in admin can reset passwords");
        if (member.equals(access.userId())) {
            throw new InvalidInput("userId", "change your own password on the password page");
        }
        String oneTime = Workspaces.generatePassword();
        String hash = encoder.encode(oneTime);
        transaction.executeWithoutResult(status -> {
            ActingPerson.set(jdbc, access.userId());
            String outcome = jdbc.sql("select reset_member_password(?, ?)")
                    .params(member, hash)
                    .query(String.class)
                    .single();
            switch (outcome) {
                case "ok" ->
                    events.publishEvent(
                            new Audited("user.password_reset", "user", member.toString(), null, "one-time password"));
                case "not_member" -> throw new NotFound("no such member in this workspace");
                case "other_workspaces" ->
                    throw new InvalidInput(
                            "userId",
                            "this person also works in a workspace you do not administer; an admin of every one of"
                                    + " their workspaces, or the operator's reset-password command, can reset it");
                default -> throw new AccessDeniedProblem("only an active admin of this workspace can do this");
            }
        });
        return oneTime;
    }
}
