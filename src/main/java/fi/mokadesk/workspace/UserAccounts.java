package fi.mokadesk.workspace;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts as password sign-in sees them. The application cannot read password hashes from the table;
 * {@code sign_in_lookup} hands out exactly what authentication needs for the one email asked about,
 * compared by the database's {@code email_key} (the same key the throttle counts by).
 */
@Component
class UserAccounts implements UserDetailsService {

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final TransactionTemplate transaction;

    UserAccounts(JdbcClient jdbc, PasswordEncoder passwords, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.transaction = transaction;
    }

    @Override
    public SignedInUser loadUserByUsername(String email) {
        return jdbc.sql("""
                        select id, email, display_name, password_hash, enabled, password_one_time,
                               password_change_required
                          from sign_in_lookup(?)
                        """)
                .param(email == null ? "" : email)
                .query((rs, i) -> new SignedInUser(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getBoolean(5),
                        rs.getBoolean(6),
                        rs.getBoolean(7)))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown email"));
    }

    /**
     * A one-time password has just been accepted: replace it with an unguessable one so it cannot be used
     * again. False when another sign-in used it first.
     */
    boolean consumeOneTimePassword(UUID person, String usedHash) {
        String unusable = passwords.encode(Workspaces.randomToken());
        return Boolean.TRUE.equals(transaction.execute(status -> {
            ActingPerson.set(jdbc, person);
            return jdbc.sql("select coalesce(consume_one_time_password(?, ?), false)")
                    .params(usedHash, unusable)
                    .query(Boolean.class)
                    .optional()
                    .orElse(false);
        }));
    }
}
