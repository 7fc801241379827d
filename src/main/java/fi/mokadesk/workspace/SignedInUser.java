package fi.mokadesk.workspace;

import java.util.List;
import java.util.UUID;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A person signed in through the login form. Their role depends on the workspace they work in. */
public class SignedInUser extends User {

    private final UUID id;
    private final String displayName;
    private final boolean passwordOneTime;
    private final boolean passwordChangeRequired;

    SignedInUser(
            UUID id,
            String email,
            String displayName,
            String passwordHash,
            boolean enabled,
            boolean passwordOneTime,
            boolean passwordChangeRequired) {
        super(email, passwordHash, enabled, true, true, true, List.of(new SimpleGrantedAuthority("ROLE_USER")));
        this.id = id;
        this.displayName = displayName;
        this.passwordOneTime = passwordOneTime;
        this.passwordChangeRequired = passwordChangeRequired;
    }

    public UUID id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** Signed in with a one-time password (set by an admin or the reset-password command). */
    boolean passwordOneTime() {
        return passwordOneTime;
    }

    /** Must choose a new password before doing anything else. */
    boolean passwordChangeRequired() {
        return passwordChangeRequired || passwordOneTime;
    }
}
