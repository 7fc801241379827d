package fi.mokadesk.storm;

import fi.mokadesk.channel.JsonPost;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells leads and admins about a new storm: the notifications are written to {@code storm_notification}
 * in the transaction that stores the storm, and sent afterwards by a cluster-safe job (chat webhook as
 * {@code {"text": ...}}, email through the configured mail server), retried with backoff.
 */
@Component
class StormNotifier {

    static final int MAX_ATTEMPTS = 8;

    private static final Logger log = LoggerFactory.getLogger(StormNotifier.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Workspaces workspaces;
    private final ObjectProvider<JavaMailSender> mail;
    private final StormTexts texts;
    private final String mailFrom;
    private final JsonMapper json = JsonMapper.builder().build();
    private final JsonPost jsonPost;

    StormNotifier(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            Workspaces workspaces,
            ObjectProvider<JavaMailSender> mail,
            StormTexts texts,
            JsonPost jsonPost,
            @Value("${mokadesk.storms.mail-from:mokadesk@localhost}") String mailFrom) {
        this.jsonPost = jsonPost;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.workspaces = workspaces;
        this.mail = mail;
        this.texts = texts;
        this.mailFrom = mailFrom;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(StormDetected storm) {
        StormSettings settings = StormSettings.load(jdbc);
        Locale locale = texts.notificationLocale();
        String subject = texts.headline(storm.series(), storm.magnitude(), storm.onset(), locale);
        String body = texts.body(storm, locale);
        if (settings.chatWebhookUrl() != null) {
            enqueue(storm, "chat", settings.chatWebhookUrl(), subject, json.writeValueAsString(Map.of("text", body)));
        }
        if (!settings.emailEnabled()) return;
        if (mail.getIfAvailable() == null) {
            log.info("Storm email not sent: no mail server is configured (spring.mail.host)");
            return;
        }
        List<String> recipients = workspaces.members().stream()
                .filter(m -> m.enabled() && m.role().atLeast(Role.LEAD))
                .map(Workspaces.Member::email)
                .toList();
        for (String to : recipients) enqueue(storm, "email", to, subject, body);
    }

    private void enqueue(StormDetected storm, String kind, String target, String subject, String body) {
        jdbc.sql("""
                        insert into storm_notification (workspace_id, storm_id, kind, target, subject, body)
                        values (?, ?, ?, ?, ?, ?)
                        """)
                .params(storm.workspaceId(), storm.stormId(), kind, target, subject, body)
                .update();
    }

    record Claimed(UUID workspaceId, UUID id) {}

    /** Sends what is due now; returns how many were attempted. */
    int dispatchDue() {
        List<Claimed> due = jdbc.sql(
                        "select workspace_id, id from claim_due_storm_notifications(20, interval '2 minutes')")
                .query((rs, i) -> new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
        for (Claimed c : due) Tenant.run(c.workspaceId(), () -> attempt(c.id()));
        return due.size();
    }

    private void attempt(UUID id) {
        var rows = jdbc.sql("""
                        select kind, target, subject, body, attempts from storm_notification
                         where id = ? and state = 'pending'
                        """).param(id).query().listOfRows();
        if (rows.isEmpty()) return;
        Map<String, Object> row = rows.get(0);
        int attempts = (Integer) row.get("attempts") + 1;
        JsonPost.Result result = "chat".equals(row.get("kind"))
                ? jsonPost.send(
                        (String) row.get("target"), (String) row.get("body"), Map.of("User-Agent", "Mokadesk-Storm/1"))
                : new JsonPost.Result(
                        email((String) row.get("target"), (String) row.get("subject"), (String) row.get("body")),
                        false);
        String error = result.reason();
        transaction.executeWithoutResult(status -> {
            if (error == null) {
                jdbc.sql(
                                "update storm_notification set state = 'sent', attempts = ?, sent_at = now(), last_error = null"
                                        + " where id = ?")
                        .params(attempts, id)
                        .update();
            } else {
                boolean giveUp = result.permanent() || attempts >= MAX_ATTEMPTS;
                jdbc.sql("update storm_notification set state = ?, attempts = ?, last_error = ?, next_attempt_at = ?"
                                + " where id = ?")
                        .params(
                                giveUp ? "failed" : "pending",
                                attempts,
                                error,
                                OffsetDateTime.now(ZoneOffset.UTC).plus(JsonPost.backoff(attempts)),
                                id)
                        .update();
                log.warn("Storm notification {} to {} failed (attempt {}): {}", id, row.get("kind"), attempts, error);
            }
        });
    }

    private String email(String to, String subject, String body) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) return "no mail server is configured";
        try {
            sender.send(StormMail.compose(mailFrom, to, subject, body));
            return null;
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /** The email of a storm notification. */
    static final class StormMail {
        private StormMail() {}

        static SimpleMailMessage compose(String from, String to, String subject, String body) {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(to);
            message.setSubject(subject);
            message.setText(body);
            return message;
        }
    }
}
