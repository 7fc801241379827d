package fi.mokadesk.channel;

import fi.mokadesk.conversation.ChannelType;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The channels of the current workspace: the module's facade. Secrets in settings are sealed with
 * {@link SecretBox} before they reach the database and are never handed out again, only whether they are
 * set; a change that leaves a secret out (or sends null) keeps the stored one.
 */
@Service
public class Channels {

    private static final Logger log = LoggerFactory.getLogger(Channels.class);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    /** A channel as the API and the admin page show it; secrets appear as {@code {"set": true|false}}. */
    public record ChannelView(
            UUID id,
            String type,
            String name,
            boolean enabled,
            String status,
            String statusMessage,
            OffsetDateTime statusSince,
            Map<String, Object> settings) {}

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Map<String, ChannelAdapter> adapters;
    private final Workspaces workspaces;
    private final ApplicationEventPublisher events;
    private final Outbox outbox;
    private final JsonMapper json = JsonMapper.builder().build();

    Channels(
            JdbcClient jdbc,
            SecretBox box,
            List<ChannelAdapter> adapters,
            Workspaces workspaces,
            ApplicationEventPublisher events,
            Outbox outbox) {
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.box = box;
        this.adapters = adapters.stream().collect(Collectors.toMap(ChannelAdapter::type, Function.identity()));
        this.workspaces = workspaces;
        this.events = events;
    }

    /** The workspace's channels, oldest first. */
    @Transactional
    public List<ChannelView> list() {
        Access.require(Role.ADMIN);
        adoptWorkspaceWebhook();
        return jdbc.sql("select * from channel order by created_at, id")
                .query(this::view)
                .list();
    }

    public ChannelView get(UUID id) {
        Access.require(Role.ADMIN);
        return find(id);
    }

    private ChannelView find(UUID id) {
        return jdbc.sql("select * from channel where id = ?")
                .param(id)
                .query(this::view)
                .optional()
                .orElseThrow(() -> new NotFound("no channel " + id + " in this workspace"));
    }

    @Transactional
    public ChannelView create(String type, String name, Map<String, Object> settings) {
        Access.require(Role.ADMIN);
        ChannelAdapter adapter = adapter(type);
        String cleanName = name(name);
        Map<String, Object> clean = adapter.validate(settings == null ? Map.of() : withoutNulls(settings));
        UUID id = UUID.randomUUID();
        Health health = new Health(adapter.health(clean));
        jdbc.sql("""
                        insert into channel (workspace_id, id, type, name, settings, status, status_message)
                        values (?, ?, ?, ?, ?::jsonb, ?, ?)
                        """)
                .params(
                        Tenant.require(),
                        id,
                        adapter.type(),
                        cleanName,
                        json.writeValueAsString(seal(id, adapter, clean)),
                        health.status(),
                        health.message())
                .update();
        ChannelView created = get(id);
        events.publishEvent(new Audited("channel.created", "channel", id.toString(), null, created));
        raiseIfError(created);
        return created;
    }

    /** Changes the name and/or settings; settings not given keep their values (secrets included). */
    @Transactional
    public ChannelView update(UUID id, String name, Map<String, Object> settings) {
        Access.require(Role.ADMIN);
        ChannelView before = get(id);
        ChannelAdapter adapter = adapter(before.type());
        String cleanName = name == null ? before.name() : name(name);
        Map<String, Object> stored = stored(id);
        Map<String, Object> merged = new LinkedHashMap<>();
        Map<String, Object> given = settings == null ? Map.of() : settings;
        stored.forEach((key, value) -> {
            if (given.get(key) != null) return; // replaced below, no need to read the old value
            if (adapter.secretFields().contains(key) && value != null) {
                try {
                    merged.put(key, box.open(value.toString(), context(id, key)));
                } catch (IllegalStateException e) {
                    // Stored under another MOKADESK_SECRET_KEY: the admin has to enter it again.
                    throw new InvalidInput(
                            "settings." + key, "cannot be read with the current secret key; enter it again");
                }
            } else {
                merged.put(key, value);
            }
        });
        given.forEach((key, value) -> {
            if (value != null) merged.put(key, value);
            else if (!adapter.secretFields().contains(key)) merged.remove(key);
        });
        Map<String, Object> clean = adapter.validate(merged);
        jdbc.sql("update channel set name = ?, settings = ?::jsonb, updated_at = now() where id = ?")
                .params(cleanName, json.writeValueAsString(seal(id, adapter, clean)), id)
                .update();
        setHealth(id, adapter.health(clean));
        ChannelView after = get(id);
        events.publishEvent(new Audited("channel.updated", "channel", id.toString(), before, after));
        return after;
    }

    @Transactional
    public ChannelView setEnabled(UUID id, boolean enabled) {
        Access.require(Role.ADMIN);
        ChannelView before = get(id);
        jdbc.sql("update channel set enabled = ?, updated_at = now() where id = ?")
                .params(enabled, id)
                .update();
        ChannelView after = get(id);
        events.publishEvent(new Audited(
                enabled ? "channel.enabled" : "channel.disabled",
                "channel",
                id.toString(),
                Map.of("enabled", before.enabled()),
                Map.of("enabled", enabled)));
        return after;
    }

    /**
     * Records a channel's health. Entering {@code error} is logged as a warning and audited, and a new error
     * episode (the channel was not in error before) is told to the workspace's admins ({@link ChannelAlerts}).
     */
    @Transactional
    public void setHealth(UUID id, ChannelAdapter.Health health) {
        Health h = new Health(health);
        String before = status(id);
        int changed = setHealthRow(id, h);
        if (changed > 0 && "error".equals(before) && h.status().equals("ok")) recovered(id);
        if (changed > 0 && h.status().equals("error")) {
            ChannelView after = find(id);
            raiseIfError(after);
            if (!"error".equals(before)) enteredError(after);
        }
    }

    private String status(UUID id) {
        return jdbc.sql("select status from channel where id = ? for update")
                .param(id)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /**
     * A new error episode (the status was something else before): told once, in this transaction, to the
     * workspace's admins ({@link ChannelAlerts}); while the channel stays in error nothing more is sent.
     */
    private void enteredError(ChannelView channel) {
        events.publishEvent(new ChannelFailed(
                Tenant.require(),
                channel.id(),
                channel.type(),
                channel.name(),
                channel.statusMessage(),
                channel.statusSince()));
    }

    private int setHealthRow(UUID id, Health h) {
        return jdbc.sql("""
                        update channel set status = ?, status_message = ?,
                               status_since = case when status = ? then status_since else now() end
                         where id = ? and (status <> ? or status_message is distinct from ?)
                        """)
                .params(h.status(), h.message(), h.status(), id, h.status(), h.message())
                .update();
    }

    /**
     * The scheduled health check's answer for one channel, stored only when status or message changed: then
     * {@code statusSince} moves (when the status did), the change is audited as the automation's, and an error
     * is logged. Returns whether anything changed.
     */
    @Transactional
    boolean recordCheckedHealth(UUID id, ChannelAdapter.Health health) {
        ChannelView before = get(id);
        Health h = new Health(health);
        if (h.status().equals(before.status()) && java.util.Objects.equals(h.message(), before.statusMessage()))
            return false;
        setHealthRow(id, h);
        if ("error".equals(before.status()) && h.status().equals("ok")) recovered(id);
        ChannelView after = get(id);
        events.publishEvent(new Audited("channel.health", "channel", id.toString(), health(before), health(after)));
        if ("error".equals(after.status()) && !"error".equals(before.status())) enteredError(after);
        if ("error".equals(after.status()))
            log.warn(
                    "Channel {} ({}, workspace {}) is in error: {}",
                    after.name(),
                    after.type(),
                    Tenant.require(),
                    after.statusMessage());
        return true;
    }

    /** Out of error (e.g. reconnected with a new token): what waited for the channel leaves now. */
    private void recovered(UUID id) {
        int released = outbox.releaseHeld(id);
        if (released > 0) log.info("Channel {} is healthy again; {} waiting deliveries are sent now", id, released);
    }

    private static Map<String, Object> health(ChannelView channel) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("status", channel.status());
        shown.put("statusMessage", channel.statusMessage());
        return shown;
    }

    /** What the health check asks an adapter about: the channel's adapter and its settings, secrets opened. */
    HealthInput forHealthCheck(UUID id) {
        String type = jdbc.sql("select type from channel where id = ?")
                .param(id)
                .query(String.class)
                .single();
        ChannelAdapter adapter = adapters.get(type);
        if (adapter == null) throw new IllegalStateException("no adapter for channel type " + type);
        return new HealthInput(adapter, open(id, adapter, stored(id)));
    }

    /** A channel's adapter and its settings with the secrets opened, for asking how the channel is. */
    record HealthInput(ChannelAdapter adapter, Map<String, Object> settings) {}

    private void raiseIfError(ChannelView channel) {
        if (!"error".equals(channel.status())) return;
        log.warn(
                "Channel {} ({}, workspace {}) is in error: {}",
                channel.name(),
                channel.type(),
                Tenant.require(),
                channel.statusMessage());
        events.publishEvent(new Audited(
                "channel.error",
                "channel",
                channel.id().toString(),
                null,
                Map.of("status", "error", "statusMessage", String.valueOf(channel.statusMessage()))));
    }

    /** Where replies of a type leave: the channel, whether it is enabled, and its non-secret target setting. */
    record Target(UUID id, String type, boolean enabled, String target) {}

    /**
     * The channel of {@code type} replies leave by (the first enabled one, else the first one), if the
     * workspace has set one up; reads no secret. The api channel is adopted from the workspace's reply
     * webhook settings the first time it is needed.
     */
    Optional<Target> replyChannel(String type, String targetSetting) {
        if (type.equals("api")) adoptWorkspaceWebhook();
        return jdbc.sql("""
                        select id, type, enabled, settings->>? from channel where type = ?
                         order by enabled desc, created_at, id limit 1
                        """).params(targetSetting, type).query(Channels::target).optional();
    }

    /** One channel as a reply target. */
    Optional<Target> target(UUID id, String targetSetting) {
        return jdbc.sql("select id, type, enabled, settings->>? from channel where id = ?")
                .params(targetSetting, id)
                .query(Channels::target)
                .optional();
    }

    private static Target target(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Target(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3), rs.getString(4));
    }

    /**
     * A channel's settings with its secrets decrypted, for the background work of its own adapter (reading
     * a mailbox) in the current workspace; empty when the channel does not exist or is disabled. Never for
     * showing: {@link #get} is what people and the API see.
     */
    public Optional<Map<String, Object>> settingsForWork(UUID id) {
        return jdbc.sql("select type from channel where id = ? and enabled")
                .param(id)
                .query(String.class)
                .optional()
                .map(adapters::get)
                .map(adapter -> open(id, adapter, stored(id)));
    }

    /**
     * The type code of one of the workspace's channels (no settings, no access check: a type is no secret),
     * for modules that scope something by channel, such as keyword rules.
     */
    public Optional<String> typeOf(UUID id) {
        return jdbc.sql("select type from channel where id = ?")
                .param(id)
                .query(String.class)
                .optional();
    }

    /** The name of one of the workspace's channels, as shown to people. */
    public Optional<String> nameOf(UUID id) {
        return jdbc.sql("select name from channel where id = ?")
                .param(id)
                .query(String.class)
                .optional();
    }

    boolean enabled(UUID id) {
        return jdbc.sql("select enabled from channel where id = ?")
                .param(id)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** The channel's settings with its secrets decrypted for {@code adapter}, to send by. */
    Map<String, Object> sendingSettings(UUID id, ChannelAdapter adapter) {
        return open(id, adapter, stored(id));
    }

    /**
     * The workspace's reply webhook (the settings from before channels existed) becomes its first api
     * channel, once: from then on the channel is where the webhook is set.
     */
    private void adoptWorkspaceWebhook() {
        boolean any = jdbc.sql("select exists (select 1 from channel where type = 'api')")
                .query(Boolean.class)
                .single();
        if (any) return;
        Workspaces.Settings old = workspaces.settings();
        if (old.outboundWebhookUrl() == null || old.outboundWebhookUrl().isBlank()) return;
        ChannelAdapter adapter = adapters.get("api");
        UUID id = UUID.randomUUID();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("webhookUrl", old.outboundWebhookUrl());
        settings.put("webhookSecret", old.webhookSecret());
        Health health = new Health(adapter.health(settings));
        jdbc.sql("""
                        insert into channel (workspace_id, id, type, name, settings, status, status_message)
                        values (?, ?, 'api', 'API', ?::jsonb, ?, ?)
                        """)
                .params(
                        Tenant.require(),
                        id,
                        json.writeValueAsString(seal(id, adapter, settings)),
                        health.status(),
                        health.message())
                .update();
        // Also when an agent's reply is the first to need it: the adoption is the desk's, not a person's choice.
        events.publishEvent(new Audited("channel.created", "channel", id.toString(), null, find(id)));
        log.info("Workspace {}: the reply webhook settings became the api channel {}", Tenant.require(), id);
    }

    /** The adapter of a channel type, or null. */
    ChannelAdapter adapterOf(String type) {
        return adapters.get(type);
    }

    /**
     * The workspace's first enabled channel of {@code type} that has {@code setting} set (e.g. the email
     * channel that can send: {@code smtpHost}), oldest first.
     */
    public Optional<UUID> firstEnabledWith(String type, String setting) {
        return jdbc.sql("""
                        select id from channel where type = ? and enabled and coalesce(settings->>?, '') <> ''
                         order by created_at, id limit 1
                        """).params(type, setting).query(UUID.class).optional();
    }

    private ChannelAdapter adapter(String type) {
        if (type == null || type.isBlank()) throw new InvalidInput("type", "is required");
        ChannelType known = ChannelType.of(type, "type");
        ChannelAdapter adapter = adapters.get(known.code());
        if (adapter == null) throw new InvalidInput("type", known.code() + " channels are not available yet");
        return adapter;
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) throw new InvalidInput("name", "is required");
        String clean = StorableText.require(name.strip(), "name");
        if (clean.length() > 200) throw new InvalidInput("name", "is longer than 200 characters");
        return clean;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> settings) {
        Map<String, Object> result = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (v != null) result.put(k, v);
        });
        return result;
    }

    private Map<String, Object> stored(UUID id) {
        String text = jdbc.sql("select settings::text from channel where id = ?")
                .param(id)
                .query(String.class)
                .single();
        return json.readValue(text, MAP);
    }

    private Map<String, Object> seal(UUID id, ChannelAdapter adapter, Map<String, Object> settings) {
        Map<String, Object> result = new LinkedHashMap<>();
        settings.forEach((key, value) -> result.put(
                key,
                adapter.secretFields().contains(key) && value != null
                        ? box.seal(value.toString(), context(id, key))
                        : value));
        return result;
    }

    private Map<String, Object> open(UUID id, ChannelAdapter adapter, Map<String, Object> stored) {
        Map<String, Object> result = new LinkedHashMap<>();
        stored.forEach((key, value) -> result.put(
                key,
                adapter.secretFields().contains(key) && value != null
                        ? box.open(value.toString(), context(id, key))
                        : value));
        return result;
    }

    private static String context(UUID id, String field) {
        return Tenant.require() + "/" + id + "/" + field;
    }

    private ChannelView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        String type = rs.getString("type");
        ChannelAdapter adapter = adapters.get(type);
        Map<String, Object> shown = new LinkedHashMap<>();
        Map<String, Object> stored = json.readValue(rs.getString("settings"), MAP);
        if (adapter != null) {
            for (String secret : adapter.secretFields()) shown.put(secret, Map.of("set", false));
        }
        stored.forEach((key, value) -> shown.put(
                key, adapter != null && adapter.secretFields().contains(key) ? Map.of("set", value != null) : value));
        return new ChannelView(
                rs.getObject("id", UUID.class),
                type,
                rs.getString("name"),
                rs.getBoolean("enabled"),
                rs.getString("status"),
                rs.getString("status_message"),
                rs.getObject("status_since", OffsetDateTime.class),
                shown);
    }

    /** A health value checked against the table's allowed statuses. */
    private record Health(String status, String message) {
        Health(ChannelAdapter.Health health) {
            this(
                    health == null || !List.of("ok", "warning", "error").contains(health.status())
                            ? "ok"
                            : health.status(),
                    health == null ? null : health.message());
        }
    }
}
