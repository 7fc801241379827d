package fi.mokadesk.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import fi.mokadesk.channel.JsonPost;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.OutboundUrls;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes each workspace's chain head to the outside: a log line, and a signed POST to the URL an admin
 * subscribed. Every published head is also kept in {@code audit_head}, so {@link AuditLog#verify()} finds
 * removed newest entries and rewritten chains; the copies outside Mokadesk are what a person compares
 * with when even that table is not to be trusted. A head is published only when the chain grew.
 */
@Component
class AuditAnchor {

    static final int MAX_ATTEMPTS = 8;

    private static final Logger log = LoggerFactory.getLogger(AuditAnchor.class);

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final JsonPost post;
    private final Workspaces workspaces;
    private final OutboundUrls urls;
    private final ApplicationEventPublisher events;
    private final JsonMapper json = JsonMapper.builder().build();

    AuditAnchor(
            JdbcClient jdbc,
            AuditLog audit,
            TransactionTemplate transaction,
            JsonPost post,
            Workspaces workspaces,
            OutboundUrls urls,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.transaction = transaction;
        this.post = post;
        this.workspaces = workspaces;
        this.urls = urls;
        this.events = events;
    }

    record Published(UUID workspaceId, long seq, String hash, OffsetDateTime at) {}

    /** Publishes the head of every workspace whose chain grew since its last published head. */
    List<Published> publishDue() {
        List<UUID> due = jdbc.sql("select workspace_id from audit_heads_due()")
                .query(UUID.class)
                .list();
        return due.stream()
                .map(ws -> Tenant.call(ws, () -> transaction.execute(status -> publish(ws))))
                .flatMap(Optional::stream)
                .toList();
    }

    private Optional<Published> publish(UUID workspace) {
        AuditLog.Head head = audit.head(workspace);
        if (head.seq() == 0) return Optional.empty();
        int inserted = jdbc.sql("""
                        insert into audit_head (workspace_id, seq, hash, entry_at) values (?, ?, ?, ?)
                        on conflict do nothing
                        """)
                .params(workspace, head.seq(), head.hash(), head.at())
                .update();
        if (inserted == 0) return Optional.empty(); // another node published this one
        // The line operators ship to their log store: enough to check the chain later, nothing private.
        log.info("Audit head of workspace {}: seq {} hash {} at {}", workspace, head.seq(), head.hash(), head.at());
        String url = webhookUrl().orElse(null);
        if (url != null) {
            jdbc.sql("insert into audit_head_delivery (workspace_id, seq, target) values (?, ?, ?)")
                    .params(workspace, head.seq(), url)
                    .update();
        }
        return Optional.of(new Published(workspace, head.seq(), head.hash(), head.at()));
    }

    /** Sends the due head deliveries; returns how many were attempted. */
    int deliverDue() {
        record Claimed(UUID workspaceId, long seq) {}
        List<Claimed> due = jdbc.sql(
                        "select workspace_id, seq from claim_due_audit_head_deliveries(20, interval '2 minutes')")
                .query((rs, i) -> new Claimed(rs.getObject(1, UUID.class), rs.getLong(2)))
                .list();
        for (Claimed c : due) Tenant.run(c.workspaceId(), () -> deliver(c.workspaceId(), c.seq()));
        return due.size();
    }

    private void deliver(UUID workspace, long seq) {
        var rows = jdbc.sql("""
                        select d.target, d.attempts, h.hash, h.entry_at, h.published_at
                          from audit_head_delivery d join audit_head h using (workspace_id, seq)
                         where d.workspace_id = ? and d.seq = ? and d.state = 'pending'
                        """).params(workspace, seq).query().listOfRows();
        if (rows.isEmpty()) return;
        Map<String, Object> row = rows.get(0);
        int attempts = (Integer) row.get("attempts") + 1;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "audit.head");
        body.put("version", 1);
        body.put("workspaceId", workspace);
        body.put("seq", seq);
        body.put("hash", row.get("hash"));
        body.put("at", instant(row.get("entry_at")));
        body.put("publishedAt", instant(row.get("published_at")));
        String secret = workspaces.settings().webhookSecret();
        JsonPost.Result result =
                post.sendSigned((String) row.get("target"), json.writeValueAsString(body), secret, "Mokadesk-Audit/1");
        transaction.executeWithoutResult(status -> {
            if (result.delivered()) {
                jdbc.sql("""
                                update audit_head_delivery set state = 'delivered', attempts = ?, delivered_at = now(),
                                       last_error = null where workspace_id = ? and seq = ?
                                """).params(attempts, workspace, seq).update();
            } else {
                boolean giveUp = result.permanent() || attempts >= MAX_ATTEMPTS;
                jdbc.sql("""
                                update audit_head_delivery set state = ?, attempts = ?, last_error = ?, next_attempt_at = ?
                                 where workspace_id = ? and seq = ?
                                """)
                        .params(
                                giveUp ? "failed" : "pending",
                                attempts,
                                result.reason(),
                                OffsetDateTime.now(ZoneOffset.UTC).plus(JsonPost.backoff(attempts)),
                                workspace,
                                seq)
                        .update();
                log.warn(
                        "Audit head {} of workspace {} not delivered (attempt {}): {}",
                        seq,
                        workspace,
                        attempts,
                        result.reason());
            }
        });
    }

    private static String instant(Object timestamp) {
        if (timestamp instanceof java.sql.Timestamp t) return t.toInstant().toString();
        if (timestamp instanceof OffsetDateTime t) return t.toInstant().toString();
        return String.valueOf(timestamp);
    }

    // --- the subscription ---------------------------------------------------------------------------------

    record Subscription(String webhookUrl) {}

    record Delivery(long seq, String state, int attempts, String lastError, OffsetDateTime deliveredAt) {}

    Optional<String> webhookUrl() {
        return jdbc.sql("select webhook_url from audit_anchor_settings")
                .query(String.class)
                .optional();
    }

    Subscription subscription() {
        Access.require(Role.ADMIN);
        return new Subscription(webhookUrl().orElse(null));
    }

    @Transactional
    Subscription subscribe(String webhookUrl) {
        Access.require(Role.ADMIN);
        String url = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.strip();
        if (url != null) {
            if (url.length() > 2000) throw new InvalidInput("webhookUrl", "is longer than 2000 characters");
            urls.refusal(url).ifPresent(why -> {
                throw new InvalidInput("webhookUrl", why);
            });
        }
        String before = webhookUrl().orElse(null);
        jdbc.sql("""
                        insert into audit_anchor_settings (workspace_id, webhook_url) values (current_workspace(), ?)
                        on conflict (workspace_id) do update set webhook_url = excluded.webhook_url, updated_at = now()
                        """).param(url).update();
        events.publishEvent(new Audited(
                "audit.anchor.webhook", "workspace", Tenant.require().toString(), before, url));
        return new Subscription(url);
    }

    List<Delivery> deliveries() {
        Access.require(Role.ADMIN);
        return jdbc.sql("""
                        select seq, state, attempts, last_error, delivered_at from audit_head_delivery
                         order by seq desc limit 20
                        """)
                .query((rs, i) -> new Delivery(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .list();
    }
}

/**
 * Heads are published every {@code mokadesk.audit.anchor-interval} (default 10 minutes) and their webhook
 * deliveries tried every few seconds, each by one node of the cluster at a time (db-scheduler).
 */
@Configuration(proxyBeanMethods = false)
class AuditAnchorSchedule {

    @Bean
    RecurringTask<Void> auditAnchorPublishing(
            AuditAnchor anchor, @Value("${mokadesk.audit.anchor-interval:10m}") Duration interval) {
        return Tasks.recurring("audit-anchor", FixedDelay.of(interval))
                .execute((instance, context) -> anchor.publishDue());
    }

    @Bean
    RecurringTask<Void> auditAnchorDelivery(AuditAnchor anchor) {
        return Tasks.recurring("audit-anchor-delivery", FixedDelay.ofSeconds(5))
                .execute((instance, context) -> anchor.deliverDue());
    }
}
