package fi.mokadesk.support;

import fi.mokadesk.database.OwnerDataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Sets up workspaces for tests directly in the database, as an operator would: a workspace, a person per
 * role and an API token per role.
 */
@Component
public class TestWorkspaces {

    public record TestWorkspace(
            UUID id,
            String adminToken,
            String agentToken,
            String viewerToken,
            UUID adminId,
            String adminEmail,
            UUID agentId,
            String agentEmail,
            String password) {}

    public static final String PASSWORD = "correct horse battery";

    private final JdbcClient owner;
    private final PasswordEncoder passwords;

    TestWorkspaces(OwnerDataSource owner, PasswordEncoder passwords) {
        this.owner = JdbcClient.create(owner);
        this.passwords = passwords;
    }

    public TestWorkspace create(String name) {
        UUID ws = owner.sql("insert into workspace (name) values (?) returning id")
                .param(name)
                .query(UUID.class)
                .single();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String hash = passwords.encode(PASSWORD);
        UUID admin = user("admin-" + tag + "@test.fi", "Admin " + tag, hash);
        UUID agent = user("agent-" + tag + "@test.fi", "Agentti " + tag, hash);
        member(ws, admin, "admin");
        member(ws, agent, "agent");
        return new TestWorkspace(
                ws,
                token(ws, "admin"),
                token(ws, "agent"),
                token(ws, "viewer"),
                admin,
                "admin-" + tag + "@test.fi",
                agent,
                "agent-" + tag + "@test.fi",
                PASSWORD);
    }

    public JdbcClient owner() {
        return owner;
    }

    private UUID user(String email, String name, String hash) {
        return owner.sql("insert into app_user (email, display_name, password_hash) values (?, ?, ?) returning id")
                .params(email, name, hash)
                .query(UUID.class)
                .single();
    }

    private void member(UUID ws, UUID user, String role) {
        owner.sql("insert into membership (workspace_id, user_id, role) values (?, ?, ?)")
                .params(ws, user, role)
                .update();
    }

    private String token(UUID ws, String role) {
        String secret = "test-" + role + "-" + UUID.randomUUID();
        owner.sql("insert into api_token (workspace_id, name, role, token_hash) values (?, ?, ?, ?)")
                .params(ws, role + " token", role, sha256(secret))
                .update();
        return secret;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
