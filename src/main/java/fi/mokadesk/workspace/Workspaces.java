package fi.mokadesk.workspace;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.kernel.StorableText;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The workspace module's front door: workspaces, people, roles, tokens and settings. */
@Service
public class Workspaces {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<OutboundUrls> outboundUrls;

    Workspaces(
            JdbcClient jdbc,
            PasswordEncoder passwords,
            ApplicationEventPublisher events,
            ObjectProvider<OutboundUrls> outboundUrls) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.events = events;
        this.outboundUrls = outboundUrls;
    }

    public record Member(UUID userId, String email, String displayName, Role role, boolean enabled) {}

    public record Membership(UUID workspaceId, String workspaceName, Role role) {}

    public record Token(
            UUID id, String name, Role role, OffsetDateTime createdAt, OffsetDateTime lastUsedAt, boolean revoked) {}

    public record IssuedToken(UUID id, String secret) {}

    public record Settings(String name, String outboundWebhookUrl, String webhookSecret) {}

    // --- workspaces -------------------------------------------------------------------------------------

    /** Creates a workspace; the caller becomes nothing in it (add members separately). */
    @Transactional
    public UUID createWorkspace(String name) {
        String clean = requireText(name, "name", 200);
        return jdbc.sql("select create_workspace(?)")
                .param(clean)
                .query(UUID.class)
                .single();
    }

    /** A new workspace with {@code admin} as its admin (used by the demo and by operators). */
    @Transactional
    public UUID createWorkspaceWithAdmin(String name, UUID admin) {
        UUID id = createWorkspace(name);
        addFirstAdmin(id, admin);
        return id;
    }

    /**
     * Marks the current workspace as the demo: people who belong to it land there (it comes first among
     * their workspaces) until they choose another.
     */
    @Transactional
    public void markDemo() {
        Access.require(Role.ADMIN);
        jdbc.sql("update workspace set demo = true where id = ?")
                .param(Tenant.require())
                .update();
    }

    /** The time zone every time of the current workspace is shown in. */
    public java.time.ZoneId timeZone() {
        String zone = jdbc.sql("select time_zone from workspace where id = ?")
                .param(Tenant.require())
                .query(String.class)
                .optional()
                .orElse(DEFAULT_ZONE);
        try {
            return java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            return java.time.ZoneId.of(DEFAULT_ZONE);
        }
    }

    /** Sets the zone every time of the current workspace is shown in (a region id such as Europe/Helsinki). */
    @Transactional
    public void changeTimeZone(String zone) {
        Access.require(Role.ADMIN);
        String clean = zone == null ? "" : zone.strip();
        java.time.ZoneId id;
        try {
            id = java.time.ZoneId.of(clean);
        } catch (java.time.DateTimeException e) {
            throw new InvalidInput("timeZone", "is not a time zone");
        }
        String before = timeZone().getId();
        if (before.equals(id.getId())) return;
        jdbc.sql("update workspace set time_zone = ? where id = ?")
                .params(id.getId(), Tenant.require())
                .update();
        events.publishEvent(
                new Audited("workspace.time_zone", "workspace", Tenant.require().toString(), before, id.getId()));
    }

    /** Where Mokadesk's users are: Finland. */
    public static final String DEFAULT_ZONE = "Europe/Helsinki";

    /** The workspaces a person works in; the database answers only for the person named here. */
    @Transactional(readOnly = true)
    public List<Membership> membershipsOf(UUID userId) {
        ActingPerson.set(jdbc, userId);
        return jdbc.sql("select workspace_id, workspace_name, role from memberships_of(?)")
                .param(userId)
                .query((rs, i) ->
                        new Membership(rs.getObject(1, UUID.class), rs.getString(2), Role.of(rs.getString(3))))
                .list();
    }

    public Settings settings() {
        return jdbc.sql("select name, outbound_webhook_url, webhook_secret from workspace where id = ?")
                .param(Tenant.require())
                .query((rs, i) -> new Settings(rs.getString(1), rs.getString(2), rs.getString(3)))
                .single();
    }

    @Transactional
    public void updateSettings(String name, String webhookUrl) {
        Access.require(Role.ADMIN);
        Settings before = settings();
        String cleanName = requireText(name, "name", 200);
        String cleanUrl = outboundUrl(webhookUrl, "outboundWebhookUrl");
        jdbc.sql("update workspace set name = ?, outbound_webhook_url = ? where id = ?")
                .params(cleanName, cleanUrl, Tenant.require())
                .update();
        events.publishEvent(new Audited(
                "workspace.settings",
                "workspace",
                Tenant.require().toString(),
                new Settings(before.name(), before.outboundWebhookUrl(), null),
                new Settings(cleanName, cleanUrl, null)));
    }

    /** The chat incoming webhook where the workspace's operational alerts go (channel errors), if set. */
    public Optional<String> alertChatWebhookUrl() {
        return jdbc.sql("select alert_chat_webhook_url from workspace where id = ?")
                .param(Tenant.require())
                .query(String.class)
                .optional();
    }

    /** Sets (or, with null or blank, removes) the chat webhook for alerts; audited. */
    @Transactional
    public Optional<String> changeAlertChatWebhookUrl(String url) {
        Access.require(Role.ADMIN);
        String clean = outboundUrl(url, "url");
        String before = alertChatWebhookUrl().orElse(null);
        if (java.util.Objects.equals(before, clean)) return Optional.ofNullable(clean);
        jdbc.sql("update workspace set alert_chat_webhook_url = ? where id = ?")
                .params(clean, Tenant.require())
                .update();
        events.publishEvent(new Audited(
                "workspace.alert_chat", "workspace", Tenant.require().toString(), before, clean));
        return Optional.ofNullable(clean);
    }

    /** An address Mokadesk will post to: http(s), storable, and allowed by the outbound address policy. */
    private String outboundUrl(String url, String field) {
        String clean = url == null || url.isBlank() ? null : StorableText.require(url.trim(), field);
        if (clean == null) return null;
        if (clean.length() > 2000) throw new InvalidInput(field, "must be at most 2000 characters");
        if (!clean.matches("^https?://\\S+$")) throw new InvalidInput(field, "must be an http or https URL");
        outboundUrls.ifAvailable(policy -> policy.refusal(clean).ifPresent(why -> {
            throw new InvalidInput(field, why);
        }));
        return clean;
    }

    // --- people ---------------------------------------------------------------------------------------

    public List<Member> members() {
        return jdbc.sql("""
                        select u.id, u.email, u.display_name, m.role, m.enabled and u.enabled
                          from membership m join app_user u on u.id = m.user_id
                         order by lower(u.display_name)
                        """)
                .query((rs, i) -> new Member(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        Role.of(rs.getString(4)),
                        rs.getBoolean(5)))
                .list();
    }

    @Transactional
    public void changeRole(UUID userId, Role role) {
        Access.require(Role.ADMIN);
        Member before = member(userId);
        if (before.role() == Role.ADMIN && role != Role.ADMIN) requireAnotherAdmin(userId);
        jdbc.sql("update membership set role = ? where user_id = ?")
                .params(role.code(), userId)
                .update();
        events.publishEvent(new Audited("user.role", "user", userId.toString(), before.role(), role));
    }

    @Transactional
    public void setEnabled(UUID userId, boolean enabled) {
        Access access = Access.require(Role.ADMIN);
        Member before = member(userId);
        if (!enabled && userId.equals(access.userId())) {
            throw new InvalidInput("userId", "you cannot disable yourself");
        }
        if (!enabled && before.role() == Role.ADMIN) requireAnotherAdmin(userId);
        jdbc.sql("update membership set enabled = ? where user_id = ?")
                .params(enabled, userId)
                .update();
        events.publishEvent(new Audited(
                enabled ? "user.enabled" : "user.disabled", "user", userId.toString(), before.enabled(), enabled));
    }

    private Member member(UUID userId) {
        return members().stream()
                .filter(m -> m.userId().equals(userId))
                .findFirst()
                .orElseThrow(() -> new NotFound("no such member in this workspace"));
    }

    private void requireAnotherAdmin(UUID userId) {
        long admins = members().stream()
                .filter(m ->
                        m.enabled() && m.role() == Role.ADMIN && !m.userId().equals(userId))
                .count();
        if (admins == 0) throw new InvalidInput("role", "a workspace needs at least one active admin");
    }

    /** The first start: the very first account, admin of the first workspace (audited by the caller). */
    UUID createFirstAdmin(UUID workspaceId, String email, String displayName, String password, boolean changeRequired) {
        return jdbc.sql("select create_first_admin(?, ?, ?, ?, ?)")
                .params(workspaceId, email, displayName, passwords.encode(password), changeRequired)
                .query(UUID.class)
                .single();
    }

    /** A workspace that nobody belongs to yet gets its first admin. */
    void addFirstAdmin(UUID workspaceId, UUID userId) {
        jdbc.sql("select add_first_admin(?, ?)")
                .params(workspaceId, userId)
                .query()
                .singleRow();
    }

    boolean anyUser() {
        return jdbc.sql("select desk_has_people()").query(Boolean.class).single();
    }

    // --- API tokens -------------------------------------------------------------------------------------

    public List<Token> tokens() {
        return jdbc.sql("""
                        select id, name, role, created_at, last_used_at, revoked_at is not null
                          from api_token order by created_at desc
                        """)
                .query((rs, i) -> new Token(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        Role.of(rs.getString(3)),
                        rs.getObject(4, OffsetDateTime.class),
                        rs.getObject(5, OffsetDateTime.class),
                        rs.getBoolean(6)))
                .list();
    }

    /** Issues a token; its secret is returned once and only its hash is kept. */
    @Transactional
    public IssuedToken issueToken(String name, Role role) {
        Access.require(Role.ADMIN);
        String clean = requireText(name, "name", 100);
        IssuedToken issued = storeToken(Tenant.require(), clean, role, "mk_" + randomToken());
        events.publishEvent(
                new Audited("token.issued", "token", issued.id().toString(), null, clean + " (" + role.code() + ")"));
        return issued;
    }

    IssuedToken storeToken(UUID workspaceId, String name, Role role, String secret) {
        UUID id = Tenant.call(
                workspaceId,
                () -> jdbc.sql(
                                "insert into api_token (workspace_id, name, role, token_hash) values (?, ?, ?, ?) returning id")
                        .params(workspaceId, name, role.code(), hash(secret))
                        .query(UUID.class)
                        .single());
        return new IssuedToken(id, secret);
    }

    @Transactional
    public void revokeToken(UUID tokenId) {
        Access.require(Role.ADMIN);
        int changed = jdbc.sql("update api_token set revoked_at = now() where id = ? and revoked_at is null")
                .param(tokenId)
                .update();
        if (changed == 0) throw new NotFound("no such active token");
        tokenCache.clear();
        events.publishEvent(new Audited("token.revoked", "token", tokenId.toString(), "active", "revoked"));
    }

    record TokenOwner(UUID workspaceId, UUID tokenId, String name, Role role) {}

    private record CachedOwner(Optional<TokenOwner> owner, long fetchedAt) {}

    /**
     * Busy integrations call many times a second, so what a token may do is remembered for a few
     * seconds: a revoked token stops working within this many milliseconds on every node.
     */
    static final long TOKEN_CACHE_MILLIS = 5_000;

    private final java.util.concurrent.ConcurrentHashMap<String, CachedOwner> tokenCache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Long> lastTouched =
            new java.util.concurrent.ConcurrentHashMap<>();

    Optional<TokenOwner> tokenOwner(String secret) {
        String hash = hash(secret);
        long now = System.currentTimeMillis();
        CachedOwner cached = tokenCache.get(hash);
        if (cached == null || now - cached.fetchedAt() > TOKEN_CACHE_MILLIS) {
            Optional<TokenOwner> owner = jdbc.sql("select workspace_id, token_id, name, role from token_lookup(?)")
                    .param(hash)
                    .query((rs, i) -> new TokenOwner(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            Role.of(rs.getString(4))))
                    .optional();
            if (tokenCache.size() > 10_000) tokenCache.clear(); // random wrong tokens must not grow it forever
            cached = new CachedOwner(owner, now);
            tokenCache.put(hash, cached);
        }
        if (cached.owner().isPresent()) {
            Long touched = lastTouched.get(hash);
            if (touched == null || now - touched > 60_000) {
                lastTouched.put(hash, now);
                jdbc.sql("select token_touch(?)").param(hash).query().singleRow();
            }
        }
        return cached.owner();
    }

    /** One digest per thread: finding SHA-256 among the providers for every API call cost more than the hashing. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static String hash(String secret) {
        byte[] bytes = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(SHA_256.get().digest(bytes));
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String generatePassword() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String requireEmail(String email) {
        String clean = requireText(email, "email", 254);
        if (!EMAIL.matcher(clean).matches()) throw new InvalidInput("email", "is not an email address");
        return clean;
    }

    static String requireText(String value, String field, int max) {
        if (value == null || value.isBlank()) throw new InvalidInput(field, "is required");
        String clean = StorableText.require(value.strip(), field);
        if (clean.length() > max) throw new InvalidInput(field, "is longer than " + max + " characters");
        return clean;
    }
}
