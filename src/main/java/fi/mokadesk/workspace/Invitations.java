package fi.mokadesk.workspace;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations into a workspace. An admin invites an email; nothing about that email's account (whether it
 * exists, its name) shows in the answer, and nobody joins until the person who holds the link accepts: a
 * new person chooses their name and password, someone with an account signs in and accepts. The link's
 * secret is shown once (and mailed when a mail server is configured); only its hash is kept.
 */
@Service
class Invitations {

    static final Duration VALIDITY = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final boolean mailConfigured;

    Invitations(
            JdbcClient jdbc,
            PasswordEncoder passwords,
            ApplicationEventPublisher events,
            @Value("${spring.mail.host:}") String mailHost) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.events = events;
        this.mailConfigured = mailHost != null && !mailHost.isBlank();
    }

    /** What the admin gets back, the same whether or not the email already has an account somewhere. */
    record Issued(UUID invitationId, String email, Role role, OffsetDateTime expiresAt, String link, boolean mailed) {}

    record Pending(
            UUID id, String email, String displayName, Role role, OffsetDateTime createdAt, OffsetDateTime expiresAt) {}

    /** An invitation as its link's holder sees it. */
    record Opened(
            UUID workspaceId,
            UUID id,
            String workspaceName,
            String email,
            String displayName,
            Role role,
            OffsetDateTime expiresAt,
            boolean usable,
            boolean hasAccount,
            UUID accountId) {}

    private record Audit(String email, String displayName, Role role, OffsetDateTime expiresAt) {}

    /**
     * Invites {@code email} into the current workspace; {@code linkBase} is the desk's address as the
     * admin reached it (the link is {@code linkBase/invitations/<secret>}). An earlier pending invitation
     * of the same email is replaced.
     */
    @Transactional
    public Issued invite(String email, String displayName, Role role, String linkBase) {
        Access access = Access.require(Role.ADMIN);
        String key = jdbc.sql("select email_key(?)")
                .param(Workspaces.requireEmail(email))
                .query(String.class)
                .single();
        String name = displayName == null || displayName.isBlank()
                ? key.substring(0, key.indexOf('@'))
                : Workspaces.requireText(displayName, "displayName", 100);
        // Only this workspace's members are visible here (row-level security), so this asks nothing about
        // other workspaces.
        boolean member = jdbc.sql("select exists (select 1 from membership m join app_user u on u.id = m.user_id"
                        + " where u.email = ?)")
                .param(key)
                .query(Boolean.class)
                .single();
        if (member) throw new InvalidInput("email", "this person is already a member of this workspace");
        jdbc.sql(
                        "update invitation set revoked_at = now() where email = ? and accepted_at is null and revoked_at is null")
                .param(key)
                .update();
        String secret = Workspaces.randomToken();
        OffsetDateTime expires = jdbc.sql("select now() + ? * interval '1 second'")
                .param(VALIDITY.toSeconds())
                .query(OffsetDateTime.class)
                .single();
        UUID id = jdbc.sql("""
                        insert into invitation (workspace_id, email, display_name, role, token_hash, created_by, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?) returning id
                        """)
                .params(Tenant.require(), key, name, role.code(), Workspaces.hash(secret), access.userId(), expires)
                .query(UUID.class)
                .single();
        events.publishEvent(
                new Audited("user.invited", "invitation", id.toString(), null, new Audit(key, name, role, expires)));
        String link = stripSlash(linkBase) + "/invitations/" + secret;
        // The outbox queues the email in this transaction when a mail server is configured.
        events.publishEvent(compose(Tenant.require(), id, key, access.workspaceName(), link));
        return new Issued(id, key, role, expires, link, mailConfigured);
    }

    public List<Pending> pending() {
        Access.require(Role.ADMIN);
        return jdbc.sql("""
                        select id, email, display_name, role, created_at, expires_at from invitation
                         where accepted_at is null and revoked_at is null and expires_at > now()
                         order by created_at desc
                        """)
                .query((rs, i) -> new Pending(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        Role.of(rs.getString(4)),
                        rs.getObject(5, OffsetDateTime.class),
                        rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    @Transactional
    public void revoke(UUID invitationId) {
        Access.require(Role.ADMIN);
        int changed = jdbc.sql(
                        "update invitation set revoked_at = now() where id = ? and accepted_at is null and revoked_at is null")
                .param(invitationId)
                .update();
        if (changed == 0) throw new NotFound("no such pending invitation");
        events.publishEvent(
                new Audited("invitation.revoked", "invitation", invitationId.toString(), "pending", "revoked"));
    }

    Optional<Opened> open(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 100) return Optional.empty();
        return jdbc.sql("""
                        select workspace_id, invitation_id, workspace_name, email, display_name, role, expires_at,
                               usable, existing_user
                          from invitation_lookup(?)
                        """)
                .param(Workspaces.hash(secret))
                .query((rs, i) -> new Opened(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        Role.of(rs.getString(6)),
                        rs.getObject(7, OffsetDateTime.class),
                        rs.getBoolean(8),
                        rs.getObject(9, UUID.class) != null,
                        rs.getObject(9, UUID.class)))
                .optional();
    }

    /** A new person accepts: their account is created with the password they chose. */
    @Transactional
    public Opened acceptAsNewPerson(String secret, String displayName, String password, String repeat) {
        Opened invitation = usable(secret);
        if (invitation.hasAccount()) throw new InvalidInput("email", "sign in to accept this invitation");
        String name = Workspaces.requireText(displayName, "displayName", 100);
        Passwords.requireNewPassword(password, repeat);
        UUID person = jdbc.sql("select accept_invitation(?, ?, ?)")
                .params(Workspaces.hash(secret), name, passwords.encode(password))
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> gone());
        audit(invitation, person, name);
        return invitation;
    }

    /** Someone signed in as the invited email accepts. */
    @Transactional
    public Opened acceptAsSignedIn(String secret, SignedInUser user) {
        Opened invitation = usable(secret);
        if (!user.id().equals(invitation.accountId())) {
            throw new InvalidInput("email", "this invitation is for another email address");
        }
        ActingPerson.set(jdbc, user.id());
        jdbc.sql("select accept_invitation(?, null, null)")
                .param(Workspaces.hash(secret))
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> gone());
        audit(invitation, user.id(), user.displayName());
        return invitation;
    }

    private Opened usable(String secret) {
        return open(secret).filter(Opened::usable).orElseThrow(Invitations::gone);
    }

    private void audit(Opened invitation, UUID person, String name) {
        Access as = new Access(
                invitation.workspaceId(),
                invitation.workspaceName(),
                invitation.role(),
                new Actor(Actor.Type.USER, person.toString(), name),
                person);
        Access.runAs(
                as,
                () -> events.publishEvent(new Audited(
                        "invitation.accepted",
                        "user",
                        person.toString(),
                        null,
                        invitation.role().code())));
    }

    static NotFound gone() {
        return new NotFound("this invitation is not valid any more (used, revoked or expired)");
    }

    /** The invitation email, in Finnish and English: who invites, and the link. */
    static InvitationIssued compose(UUID workspaceId, UUID invitationId, String to, String workspaceName, String link) {
        return new InvitationIssued(
                workspaceId,
                invitationId,
                to,
                "Kutsu Mokadeskiin / Invitation to Mokadesk: " + workspaceName,
                "Sinut on kutsuttu Mokadeskin työtilaan " + workspaceName + ". Hyväksy kutsu "
                        + VALIDITY.toDays() + " päivän kuluessa:\n" + link + "\n\n"
                        + "You have been invited to the Mokadesk workspace " + workspaceName + ". Accept the invitation"
                        + " within " + VALIDITY.toDays() + " days:\n" + link + "\n");
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
