package fi.mokadesk.channel;

import fi.mokadesk.conversation.ConversationAssigned;
import fi.mokadesk.conversation.ConversationCreated;
import fi.mokadesk.conversation.ConversationStatusChanged;
import fi.mokadesk.conversation.MessageReceived;
import fi.mokadesk.conversation.ReplySent;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event webhooks for integrators: an admin subscribes a URL to events of the catalogue; every matching
 * event becomes one outbox row per subscription, written in the event's own transaction, sent signed with
 * the subscription's secret ({@link EventWebhookSender}). The secret is shown once, when the subscription
 * is made, and kept sealed with {@link SecretBox}. A removed subscription is kept, marked removed, so its
 * delivery log stays readable.
 */
@Service
class EventWebhooks {

    /** The events a URL may subscribe to; {@code webhook.test} is sent by the test button only. */
    static final List<String> CATALOGUE = List.of(
            "conversation.created",
            "message.received",
            "reply.sent",
            "conversation.status_changed",
            "conversation.assigned",
            "storm.detected");

    static final String TEST_EVENT = "webhook.test";
    static final int VERSION = 1;

    record Subscription(UUID id, String url, List<String> events, OffsetDateTime createdAt) {}

    record Created(UUID id, String secret) {}

    private record Active(UUID id, String url, Set<String> events) {}

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Outbox outbox;
    private final OutboundAddresses addresses;
    private final ApplicationEventPublisher events;
    private final SecureRandom random = new SecureRandom();
    private final JsonMapper json = JsonMapper.builder().build();

    EventWebhooks(
            JdbcClient jdbc,
            SecretBox box,
            Outbox outbox,
            OutboundAddresses addresses,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.box = box;
        this.outbox = outbox;
        this.addresses = addresses;
        this.events = events;
    }

    // --- subscriptions --------------------------------------------------------------------------------

    @Transactional
    Created create(Object url, Object eventNames) {
        Access.require(Role.ADMIN);
        String cleanUrl = url(url);
        List<String> cleanEvents = events(eventNames);
        UUID id = UUID.randomUUID();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "whsec_" + HexFormat.of().formatHex(bytes);
        jdbc.sql("insert into webhook_subscription (workspace_id, id, url, events, secret) values (?, ?, ?, ?, ?)")
                .params(
                        Tenant.require(),
                        id,
                        cleanUrl,
                        cleanEvents.toArray(String[]::new),
                        box.seal(secret, context(id)))
                .update();
        events.publishEvent(new Audited(
                "webhook.created", "webhook", id.toString(), null, Map.of("url", cleanUrl, "events", cleanEvents)));
        return new Created(id, secret);
    }

    List<Subscription> list() {
        Access.require(Role.ADMIN);
        return jdbc.sql("""
                        select id, url, events, created_at from webhook_subscription
                         where removed_at is null order by created_at, id
                        """).query(EventWebhooks::subscription).list();
    }

    Subscription get(UUID id) {
        Access.require(Role.ADMIN);
        return jdbc.sql(
                        "select id, url, events, created_at from webhook_subscription where id = ? and removed_at is null")
                .param(id)
                .query(EventWebhooks::subscription)
                .optional()
                .orElseThrow(() -> new NotFound("no webhook " + id + " in this workspace"));
    }

    @Transactional
    void remove(UUID id) {
        Subscription before = get(id);
        jdbc.sql("update webhook_subscription set removed_at = now() where id = ? and removed_at is null")
                .param(id)
                .update();
        events.publishEvent(new Audited(
                "webhook.removed",
                "webhook",
                id.toString(),
                Map.of("url", before.url(), "events", before.events()),
                null));
    }

    /** Sends a {@code webhook.test} event to this subscription only; returns the delivery's id. */
    @Transactional
    UUID test(UUID id) {
        Subscription subscription = get(id);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", "Mokadesk test event / testitapahtuma");
        data.put("subscriptionId", subscription.id());
        UUID delivery = enqueue(subscription.id(), subscription.url(), TEST_EVENT, Tenant.require(), data);
        events.publishEvent(new Audited(
                "webhook.tested", "webhook", id.toString(), null, Map.of("deliveryId", delivery.toString())));
        return delivery;
    }

    /** The secret a receiver verifies with, for the sender only. */
    String secret(UUID subscriptionId) {
        String sealed = jdbc.sql("select secret from webhook_subscription where id = ? and removed_at is null")
                .param(subscriptionId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("the webhook subscription was removed"));
        return box.open(sealed, context(subscriptionId));
    }

    // --- events ---------------------------------------------------------------------------------------

    /**
     * One outbox row per subscription of the current workspace that listens to {@code event}; call inside
     * the transaction of the change the event tells about.
     */
    void publish(String event, UUID workspaceId, Map<String, Object> data) {
        if (!CATALOGUE.contains(event)) throw new IllegalArgumentException("not an event of the catalogue: " + event);
        List<Active> listening = active(workspaceId).stream()
                .filter(s -> s.events().contains(event))
                .toList();
        if (listening.isEmpty()) return;
        UUID eventId = UUID.randomUUID();
        String body = body(eventId, event, workspaceId, data);
        for (Active s : listening) {
            outbox.insert(
                    UUID.randomUUID(),
                    new Outbox.NewRow(
                            DeliveryKind.EVENT,
                            "event:" + eventId + ":" + s.id(),
                            s.url(),
                            null,
                            null,
                            s.id(),
                            null,
                            event,
                            null,
                            body,
                            null));
        }
    }

    private UUID enqueue(UUID subscription, String url, String event, UUID workspaceId, Map<String, Object> data) {
        UUID eventId = UUID.randomUUID();
        return outbox.insert(
                UUID.randomUUID(),
                new Outbox.NewRow(
                        DeliveryKind.EVENT,
                        "event:" + eventId + ":" + subscription,
                        url,
                        null,
                        null,
                        subscription,
                        null,
                        event,
                        null,
                        body(eventId, event, workspaceId, data),
                        null));
    }

    private String body(UUID eventId, String event, UUID workspaceId, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        body.put("id", eventId);
        body.put("event", event);
        body.put("createdAt", Instant.now().toString());
        body.put("workspaceId", workspaceId);
        body.put("data", data);
        return json.writeValueAsString(body);
    }

    /**
     * The workspace's active subscriptions, read once per transaction: an ingest group publishes an event
     * per message, and the subscriptions do not change under it.
     */
    @SuppressWarnings("unchecked")
    private List<Active> active(UUID workspaceId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) return load();
        Object key = this;
        Map<UUID, List<Active>> cache = (Map<UUID, List<Active>>) TransactionSynchronizationManager.getResource(key);
        if (cache == null) {
            Map<UUID, List<Active>> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(key, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(key);
                }
            });
            cache = fresh;
        }
        return cache.computeIfAbsent(workspaceId, ws -> load());
    }

    private List<Active> load() {
        return jdbc.sql("select id, url, events from webhook_subscription where removed_at is null")
                .query((rs, i) ->
                        new Active(rs.getObject(1, UUID.class), rs.getString(2), Set.copyOf(Arrays.asList((String[])
                                rs.getArray(3).getArray()))))
                .list();
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ConversationCreated e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", e.conversationId());
        data.put("contactId", e.contactId());
        data.put("channel", e.channel());
        data.put("public", e.isPublic());
        data.put("at", e.at() == null ? null : e.at().toString());
        publish("conversation.created", e.workspaceId(), data);
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(MessageReceived e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", e.conversationId());
        data.put("messageId", e.messageId());
        data.put("channel", e.channel());
        data.put("public", e.isPublic());
        data.put("text", e.text());
        data.put("receivedAt", e.receivedAt() == null ? null : e.receivedAt().toString());
        publish("message.received", e.workspaceId(), data);
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ReplySent e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", e.conversationId());
        data.put("messageId", e.messageId());
        data.put("channel", e.channel());
        data.put("threadKey", e.threadKey());
        data.put("inReplyTo", e.inReplyToExternalId());
        data.put("author", e.authorName());
        data.put("text", e.text());
        publish("reply.sent", e.workspaceId(), data);
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ConversationStatusChanged e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", e.conversationId());
        data.put("from", e.from() == null ? null : e.from().code());
        data.put("to", e.to() == null ? null : e.to().code());
        data.put("by", e.by());
        publish("conversation.status_changed", e.workspaceId(), data);
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ConversationAssigned e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", e.conversationId());
        data.put("previousAssigneeId", e.previousAssigneeId());
        data.put("assigneeId", e.assigneeId());
        data.put("by", e.by());
        publish("conversation.assigned", e.workspaceId(), data);
    }

    // --- input ----------------------------------------------------------------------------------------

    private String url(Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) throw new InvalidInput("url", "is required");
        if (!(value instanceof String text)) throw new InvalidInput("url", "must be a string");
        String url = text.strip();
        if (url.length() > 2000) throw new InvalidInput("url", "is longer than 2000 characters");
        addresses.refusal(url).ifPresent(why -> {
            throw new InvalidInput("url", why);
        });
        return url;
    }

    private static List<String> events(Object value) {
        if (value == null) throw new InvalidInput("events", "is required: a list of event names");
        if (!(value instanceof List<?> list)) throw new InvalidInput("events", "must be a list of event names");
        if (list.isEmpty()) throw new InvalidInput("events", "must name at least one event");
        Set<String> clean = new LinkedHashSet<>();
        for (Object item : list) {
            if (!(item instanceof String name) || !CATALOGUE.contains(name.strip())) {
                throw new InvalidInput(
                        "events",
                        "has " + (item instanceof String given ? "'" + abbreviate(given) + "'" : "a value")
                                + " that is not an event; known events: " + String.join(", ", CATALOGUE));
            }
            clean.add(name.strip());
        }
        return new ArrayList<>(clean);
    }

    private static String abbreviate(String text) {
        String safe = text.replaceAll("\\p{Cntrl}", "?");
        return safe.length() > 60 ? safe.substring(0, 60) + "…" : safe;
    }

    private static String context(UUID id) {
        return Tenant.require() + "/webhook/" + id + "/secret";
    }

    private static Subscription subscription(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Subscription(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                List.of((String[]) rs.getArray(3).getArray()),
                rs.getObject(4, OffsetDateTime.class));
    }
}
