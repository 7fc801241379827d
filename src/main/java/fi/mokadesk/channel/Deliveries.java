package fi.mokadesk.channel;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox's front door: other modules enqueue what has to leave Mokadesk inside their own transaction
 * (so it leaves exactly when their change commits), and people see and retry deliveries. Each request
 * carries an idempotency key, unique per workspace: asking twice gives the same delivery, never a second
 * send. Sending happens in the background, with backoff, by the sender of the delivery's
 * {@link DeliveryKind}; nothing else in Mokadesk sends HTTP or mail on its own.
 */
@Service
public class Deliveries {

    /** One delivery as the API and pages show it (the payload stays inside). */
    public record DeliveryView(
            UUID id,
            String kind,
            String state,
            String target,
            String reference,
            UUID subscriptionId,
            UUID conversationId,
            int attempts,
            String lastError,
            OffsetDateTime nextAttemptAt,
            OffsetDateTime sentAt,
            OffsetDateTime createdAt) {

        static DeliveryView of(Outbox.Row row) {
            return new DeliveryView(
                    row.id(),
                    row.kind().code(),
                    row.state().code(),
                    row.kind() == DeliveryKind.REPLY ? row.channel() : row.target(),
                    row.reference(),
                    row.subscriptionId(),
                    row.conversationId(),
                    row.attempts(),
                    row.lastError(),
                    row.nextAttemptAt(),
                    row.sentAt(),
                    row.createdAt());
        }
    }

    /** One page of deliveries, newest first. */
    public record DeliveryPage(List<DeliveryView> deliveries, int page, int size, boolean more) {}

    private final Outbox outbox;
    private final OutboxDispatcher dispatcher;
    private final MailSender mail;
    private final EventWebhooks webhooks;
    private final ApplicationEventPublisher events;
    private final JsonMapper json = JsonMapper.builder().build();

    Deliveries(
            Outbox outbox,
            OutboxDispatcher dispatcher,
            MailSender mail,
            EventWebhooks webhooks,
            ApplicationEventPublisher events) {
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.mail = mail;
        this.webhooks = webhooks;
        this.events = events;
    }

    // --- enqueue (inside the caller's transaction, in the current workspace) ----------------------------

    /** Whether a mail server is configured, so queued emails can leave at all. */
    public boolean mailConfigured() {
        return mail.configured();
    }

    /** An email; {@code reference} is the caller's own id of what it is about (shown in the list). */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID mail(String idempotencyKey, String reference, OutboundMail message) {
        return mailVia(null, idempotencyKey, reference, message);
    }

    /**
     * An email sent through one of the workspace's channels (e.g. an email channel's SMTP server) instead of
     * the installation's mail server: for mail to customers, which should come from the company's address.
     * Without a channel, the installation's mail server sends it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID mailVia(UUID channelId, String idempotencyKey, String reference, OutboundMail message) {
        return enqueue(
                DeliveryKind.MAIL,
                key(idempotencyKey),
                message.to(),
                null,
                channelId,
                null,
                reference,
                message.subject(),
                message.text());
    }

    /** A post to a chat integration's incoming webhook, as {@code {"text": text}}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID chat(String idempotencyKey, String reference, String url, String text) {
        return enqueue(
                DeliveryKind.CHAT,
                key(idempotencyKey),
                url,
                null,
                null,
                null,
                reference,
                null,
                json.writeValueAsString(Map.of("text", text)));
    }

    /** A published audit chain head, posted signed with the workspace's webhook secret. */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID auditHead(long seq, String url, String body) {
        return enqueue(
                DeliveryKind.AUDIT_HEAD, "audit-head:" + seq, url, null, null, null, Long.toString(seq), null, body);
    }

    /**
     * An action on a platform that is not a reply (hide or unhide a comment), sent like a reply by the
     * adapter of {@code channelType} through the channel {@code channelId}: the adapter's {@code send}
     * receives {@code payload} as it is. Shown with the conversation's deliveries.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID platformAction(
            String idempotencyKey,
            String channelType,
            UUID channelId,
            UUID conversationId,
            String reference,
            String payload) {
        return enqueue(
                DeliveryKind.REPLY,
                key(idempotencyKey),
                "",
                channelType,
                channelId,
                conversationId,
                reference,
                null,
                payload);
    }

    /** One new outbox row (event webhooks, with their subscription, are queued by {@link EventWebhooks}). */
    private UUID enqueue(
            DeliveryKind kind,
            String idempotencyKey,
            String target,
            String channelType,
            UUID channelId,
            UUID conversationId,
            String reference,
            String subject,
            String payload) {
        return outbox.insert(
                UUID.randomUUID(),
                new Outbox.NewRow(
                        kind,
                        idempotencyKey,
                        target,
                        channelType,
                        channelId,
                        null,
                        conversationId,
                        reference,
                        subject,
                        payload,
                        null));
    }

    /**
     * An event of the webhook catalogue (e.g. {@code storm.detected}) for every subscription of the current
     * workspace that listens to it; {@code data} becomes the body's {@code data}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void event(String event, Map<String, Object> data) {
        webhooks.publish(event, Tenant.require(), data);
    }

    // --- reading and retrying ---------------------------------------------------------------------------

    /** One delivery: agents see replies, admins everything (other kinds name integrators' URLs). */
    public DeliveryView get(UUID id) {
        Access.require(Role.AGENT);
        Outbox.Row row = row(id);
        if (row.kind() != DeliveryKind.REPLY) Access.require(Role.ADMIN);
        return DeliveryView.of(row);
    }

    /** The workspace's deliveries, newest first, filtered by state and kind codes when given (admin). */
    public DeliveryPage list(String state, String kind, int page, int size) {
        Access.require(Role.ADMIN);
        if (page < 0) throw new InvalidInput("page", "must be 0 or more");
        if (size < 1 || size > 200) throw new InvalidInput("size", "must be 1 to 200");
        DeliveryState s = state == null || state.isBlank() ? null : parse(state);
        DeliveryKind k = null;
        if (kind != null && !kind.isBlank()) {
            try {
                k = DeliveryKind.of(kind.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("kind", "must be one of reply, mail, chat, event, audit_head");
            }
        }
        List<Outbox.Row> rows = outbox.list(s, k, null, size + 1, page * size);
        return new DeliveryPage(
                rows.stream().limit(size).map(DeliveryView::of).toList(), page, size, rows.size() > size);
    }

    /** The newest deliveries of one kind; the caller checks who may see them. */
    public List<DeliveryView> recent(DeliveryKind kind, int limit) {
        return outbox.list(null, kind, null, limit, 0).stream()
                .map(DeliveryView::of)
                .toList();
    }

    /**
     * Sends a {@code failed} or {@code uncertain} delivery again (now), or {@link DeliveryState.IllegalMove}
     * for any other state. Replies may be retried by agents, everything else by admins. Audited.
     */
    @Transactional
    public DeliveryView retry(UUID id) {
        Access.require(Role.AGENT);
        Outbox.Row row = row(id);
        if (row.kind() != DeliveryKind.REPLY) Access.require(Role.ADMIN);
        row.state().to(DeliveryState.PENDING);
        if (!outbox.move(id, row.state(), DeliveryState.PENDING, row.lastError(), OffsetDateTime.now(ZoneOffset.UTC))) {
            throw new DeliveryState.IllegalMove(row(id).state(), DeliveryState.PENDING);
        }
        events.publishEvent(new Audited(
                "delivery.retried",
                "delivery",
                id.toString(),
                Map.of("state", row.state().code(), "attempts", row.attempts()),
                Map.of("state", DeliveryState.PENDING.code())));
        if (row.conversationId() != null) {
            events.publishEvent(new fi.mokadesk.conversation.ConversationChanged(
                    row.workspaceId(), row.conversationId(), "delivery"));
        }
        return DeliveryView.of(row(id));
    }

    /** Sends what is due now, of every workspace (the background job does this every second). */
    public int dispatchDue() {
        return dispatcher.dispatchDue();
    }

    private Outbox.Row row(UUID id) {
        return outbox.find(id).orElseThrow(() -> new NotFound("no delivery " + id + " in this workspace"));
    }

    private static DeliveryState parse(String state) {
        try {
            return DeliveryState.of(state.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("state", "must be one of pending, sending, sent, failed, uncertain");
        }
    }

    private static String key(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 500) {
            throw new IllegalArgumentException("an idempotency key of 1 to 500 characters is required");
        }
        return idempotencyKey;
    }
}
