package fi.mokadesk.workspace;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

@Component
class UserAccounts implements UserDetailsService {

    private final JdbcClient jdbc;

    UserAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public SignedInUser loadUserByUsername(String email) {
        return jdbc.sql(
                        "select id, email, display_name, password_hash, enabled from app_user where lower(email) = lower(?)")
                .param(email == null ? "" : email.trim())
                .query((rs, i) -> new SignedInUser(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getBoolean(5)))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown email"));
    }
}
