package fi.mokadesk.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import fi.mokadesk.channel.Deliveries;
import fi.mokadesk.channel.DeliveryKind;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.OutboundUrls;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    private static final Logger log = LoggerFactory.getLogger(AuditAnchor.class);

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final Deliveries deliveries;
    private final Workspaces workspaces;
    private final OutboundUrls urls;
    private final ApplicationEventPublisher events;
    private final JsonMapper json = JsonMapper.builder().build();

    AuditAnchor(
            JdbcClient jdbc,
            AuditLog audit,
            TransactionTemplate transaction,
            Deliveries deliveries,
            Workspaces workspaces,
            OutboundUrls urls,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.transaction = transaction;
        this.deliveries = deliveries;
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
            // Into the outbox in this transaction: the head leaves once, signed, retried with backoff.
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("event", "audit.head");
            body.put("version", 1);
            body.put("workspaceId", workspace);
            body.put("seq", head.seq());
            body.put("hash", head.hash());
            body.put("at", head.at().toInstant().toString());
            body.put("publishedAt", Instant.now().toString());
            deliveries.auditHead(head.seq(), url, json.writeValueAsString(body));
        }
        return Optional.of(new Published(workspace, head.seq(), head.hash(), head.at()));
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
        return deliveries.recent(DeliveryKind.AUDIT_HEAD, 20).stream()
                .map(d ->
                        new Delivery(Long.parseLong(d.reference()), d.state(), d.attempts(), d.lastError(), d.sentAt()))
                .toList();
    }
}

/**
 * Heads are published every {@code mokadesk.audit.anchor-interval} (default 10 minutes) by one node of the
 * cluster at a time (db-scheduler); their webhook deliveries leave through the outbox.
 */
@Configuration(proxyBeanMethods = false)
class AuditAnchorSchedule {

    @Bean
    RecurringTask<Void> auditAnchorPublishing(
            AuditAnchor anchor, @Value("${mokadesk.audit.anchor-interval:10m}") Duration interval) {
        return Tasks.recurring("audit-anchor", FixedDelay.of(interval))
                .execute((instance, context) -> anchor.publishDue());
    }
}
