package fi.mokadesk.channel.meta;

import fi.mokadesk.channel.Channels;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Which channel an account id in a webhook belongs to, with its settings (secrets opened) for checking the
 * signature and calling back. Every webhook needs this, so answers (an unknown account too) are kept for a few
 * seconds; a change of any channel on this node forgets them at once, other nodes follow within the TTL.
 */
@Component
public class MetaRoutes {

    static final long TTL_MILLIS = 10_000;

    /** A channel an event belongs to. */
    public record Route(UUID workspaceId, UUID channelId, String type, Map<String, Object> settings) {

        public String setting(String name) {
            return MetaSettings.string(settings, name);
        }
    }

    private record Cached(Optional<Route> route, long until) {}

    private final JdbcClient jdbc;
    private final Channels channels;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    MetaRoutes(JdbcClient jdbc, Channels channels) {
        this.jdbc = jdbc;
        this.channels = channels;
    }

    /** The channel type Meta's {@code object} stands for, or null for an object Mokadesk does not take. */
    public static String type(String object) {
        if (object == null) return null;
        return switch (object) {
            case "page" -> "facebook";
            case "instagram" -> "instagram";
            case "whatsapp_business_account" -> "whatsapp";
            default -> null;
        };
    }

    /** The enabled channel of {@code type} for the account, if this desk has one. */
    public Optional<Route> find(String type, String account) {
        if (type == null || account == null || account.length() > 40) return Optional.empty();
        String key = type + ":" + account;
        long now = System.currentTimeMillis();
        Cached cached = cache.get(key);
        if (cached != null && cached.until() > now) return cached.route();
        Optional<Route> route = jdbc.sql("select workspace_id, channel_id from meta_channel_by_account(?, ?) limit 1")
                .params(type, account)
                .query((rs, i) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .optional()
                .flatMap(ids -> Tenant.call(ids[0], () -> channels.settingsForWork(ids[1]))
                        .map(settings -> new Route(ids[0], ids[1], type, Map.copyOf(withoutNulls(settings)))));
        if (cache.size() > 10_000) cache.clear(); // made-up account ids must not fill the memory
        cache.put(key, new Cached(route, now + TTL_MILLIS));
        return route;
    }

    /** Whether an enabled Meta channel has this verify token (Meta's subscription check). */
    boolean verifyTokenKnown(String token) {
        if (token == null || token.isEmpty() || token.length() > 1000) return false;
        return jdbc.sql("select meta_verify_token_known(?)")
                .param(MetaSettings.sha256(token))
                .query(Boolean.class)
                .single();
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> settings) {
        Map<String, Object> copy = new java.util.HashMap<>();
        settings.forEach((k, v) -> {
            if (v != null) copy.put(k, v);
        });
        return copy;
    }

    /** A channel changed (settings, enabled, health): the next webhook reads it again. */
    @TransactionalEventListener(fallbackExecution = true)
    void changed(Audited audited) {
        if ("channel".equals(audited.entityType())) cache.clear();
    }

    void forgetAll() {
        cache.clear();
    }
}
