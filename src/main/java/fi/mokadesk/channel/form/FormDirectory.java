package fi.mokadesk.channel.form;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds a form by its public key. Every public request needs this, so answers are kept for a few seconds
 * (a form that does not exist too, so guessing keys costs no queries); a change of a channel on this node
 * forgets them at once, other nodes follow within {@link #TTL_MILLIS}.
 */
@Component
class FormDirectory {

    static final long TTL_MILLIS = 5_000;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{32,64}");
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    /** A form as the public side sees it. */
    record Form(
            UUID workspaceId,
            UUID channelId,
            String name,
            boolean enabled,
            String status,
            OffsetDateTime statusSince,
            FormSettings settings) {

        /** While the monitor finds the form failing, customers are offered the other ways to reach the team. */
        boolean failing() {
            return "error".equals(status);
        }
    }

    private record Cached(Optional<Form> form, long until) {}

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Cached> byKey = new ConcurrentHashMap<>();

    FormDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Form> byKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) return Optional.empty();
        long now = System.currentTimeMillis();
        Cached cached = byKey.get(key);
        if (cached != null && cached.until() > now) return cached.form();
        Optional<Form> form = jdbc.sql("select workspace_id, channel_id from form_by_key(?)")
                .param(key)
                .query((rs, i) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .optional()
                .flatMap(ids -> byId(ids[0], ids[1]));
        if (byKey.size() > 10_000) byKey.clear(); // guessed keys must not fill the memory
        byKey.put(key, new Cached(form, now + TTL_MILLIS));
        return form;
    }

    Optional<Form> byId(UUID workspace, UUID channelId) {
        return Tenant.call(
                workspace,
                () -> jdbc.sql("""
                        select name, enabled, status, status_since, settings from channel
                         where id = ? and type = 'form'
                        """)
                        .param(channelId)
                        .query((rs, i) -> new Form(
                                workspace,
                                channelId,
                                rs.getString("name"),
                                rs.getBoolean("enabled"),
                                rs.getString("status"),
                                rs.getObject("status_since", OffsetDateTime.class),
                                FormSettings.of(json.readValue(rs.getString("settings"), MAP))))
                        .optional());
    }

    /** A channel changed (settings, enabled, health): the next request reads it again. */
    @TransactionalEventListener(fallbackExecution = true)
    void changed(Audited audited) {
        if ("channel".equals(audited.entityType())) forgetAll();
    }

    void forgetAll() {
        byKey.clear();
    }
}
