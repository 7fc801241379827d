package fi.mokadesk.listening;

import fi.mokadesk.channel.Channels;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The keyword rules of the current workspace: the listening module's facade. Team leads and admins keep
 * them; every change is audited. A rule's name is also the tag its mentions get, so it is short and unique in
 * the workspace (letter case aside). Deleting a rule keeps the mentions it found and their tags.
 */
@Service
public class KeywordRules {

    private static final Logger log = LoggerFactory.getLogger(KeywordRules.class);
    static final int MAX_NAME = 50;
    static final int MAX_TERMS = 50;
    static final int MAX_TERM = 200;
    static final int MAX_RULES = 500;
    private static final Set<String> FIELDS = Set.of("name", "terms", "exclude", "channels", "foldDiacritics");

    /**
     * A rule as the API and the admin page show it. {@code channels} is {@code "all"} or the list of channel
     * ids the rule is limited to.
     */
    public record RuleView(
            UUID id,
            String name,
            List<String> terms,
            List<String> exclude,
            boolean foldDiacritics,
            Object channels,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    private final JdbcClient jdbc;
    private final Channels channels;
    private final ApplicationEventPublisher events;
    private final RuleCache cache;

    KeywordRules(JdbcClient jdbc, Channels channels, ApplicationEventPublisher events, RuleCache cache) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.events = events;
        this.cache = cache;
    }

    public List<RuleView> list() {
        Access.require(Role.LEAD);
        return jdbc.sql("select * from keyword_rule order by lower(name)")
                .query(KeywordRules::view)
                .list();
    }

    public RuleView get(UUID id) {
        Access.require(Role.LEAD);
        return find(id);
    }

    private RuleView find(UUID id) {
        return jdbc.sql("select * from keyword_rule where id = ?")
                .param(id)
                .query(KeywordRules::view)
                .optional()
                .orElseThrow(() -> new NotFound("no keyword rule " + id + " in this workspace"));
    }

    /** A new rule from an API or form body: {@code name}, {@code terms}, optional {@code exclude}, {@code channels}, {@code foldDiacritics}. */
    @Transactional
    public RuleView create(Map<String, Object> body) {
        Access.require(Role.LEAD);
        Map<String, Object> given = body == null ? Map.of() : body;
        unknownFields(given);
        int count = jdbc.sql("select count(*) from keyword_rule")
                .query(Integer.class)
                .single();
        if (count >= MAX_RULES) throw new InvalidInput("name", "a workspace may have at most " + MAX_RULES + " rules");
        Clean clean = clean(given, null);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into keyword_rule (workspace_id, id, name, terms, exclude, fold_diacritics, all_channels,
                                                  channel_ids, channel_types)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        Tenant.require(),
                        id,
                        clean.name(),
                        clean.terms().toArray(String[]::new),
                        clean.exclude().toArray(String[]::new),
                        clean.fold(),
                        clean.channelIds() == null,
                        clean.channelIds() == null
                                ? new UUID[0]
                                : clean.channelIds().toArray(UUID[]::new),
                        clean.channelTypes().toArray(String[]::new))
                .update();
        RuleView created = find(id);
        events.publishEvent(new Audited("keyword_rule.created", "keyword_rule", id.toString(), null, created));
        cache.changed(Tenant.require());
        log.info("Keyword rule {} created in workspace {}", created.name(), Tenant.require());
        return created;
    }

    /** Changes the fields given; the others stay as they are. */
    @Transactional
    public RuleView update(UUID id, Map<String, Object> body) {
        Access.require(Role.LEAD);
        RuleView before = find(id);
        Map<String, Object> given = body == null ? Map.of() : body;
        unknownFields(given);
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("name", before.name());
        merged.put("terms", before.terms());
        merged.put("exclude", before.exclude());
        merged.put("foldDiacritics", before.foldDiacritics());
        merged.put(
                "channels",
                before.channels() instanceof List<?> ids
                        ? ids.stream().map(String::valueOf).toList()
                        : "all");
        given.forEach((key, value) -> {
            if (value != null || key.equals("exclude")) merged.put(key, value);
        });
        Clean clean = clean(merged, id);
        jdbc.sql("""
                        update keyword_rule set name = ?, terms = ?, exclude = ?, fold_diacritics = ?, all_channels = ?,
                               channel_ids = ?, channel_types = ?, updated_at = now()
                         where id = ?
                        """)
                .params(
                        clean.name(),
                        clean.terms().toArray(String[]::new),
                        clean.exclude().toArray(String[]::new),
                        clean.fold(),
                        clean.channelIds() == null,
                        clean.channelIds() == null
                                ? new UUID[0]
                                : clean.channelIds().toArray(UUID[]::new),
                        clean.channelTypes().toArray(String[]::new),
                        id)
                .update();
        RuleView after = find(id);
        events.publishEvent(new Audited("keyword_rule.updated", "keyword_rule", id.toString(), before, after));
        cache.changed(Tenant.require());
        return after;
    }

    /** Removes the rule; the conversations it tagged keep their tags and stay where they are. */
    @Transactional
    public void delete(UUID id) {
        Access.require(Role.LEAD);
        RuleView before = find(id);
        jdbc.sql("delete from keyword_rule where id = ?").param(id).update();
        events.publishEvent(new Audited("keyword_rule.deleted", "keyword_rule", id.toString(), before, null));
        cache.changed(Tenant.require());
    }

    private record Clean(
            String name,
            List<String> terms,
            List<String> exclude,
            boolean fold,
            List<UUID> channelIds,
            Set<String> channelTypes) {}

    private static void unknownFields(Map<String, Object> given) {
        for (String key : given.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new InvalidInput(
                        key, "is not a field of a keyword rule (name, terms, exclude, channels, foldDiacritics)");
            }
        }
    }

    private Clean clean(Map<String, Object> given, UUID self) {
        Object rawName = given.get("name");
        if (!(rawName instanceof String n) || n.isBlank()) throw new InvalidInput("name", "is required");
        String name = StorableText.require(n.strip(), "name");
        if (name.length() > MAX_NAME) {
            throw new InvalidInput("name", "is longer than " + MAX_NAME + " characters (it is also the mentions' tag)");
        }
        boolean taken = jdbc.sql(
                        "select exists (select 1 from keyword_rule where lower(name) = lower(?) and id is distinct from ?::uuid)")
                .params(name, self)
                .query(Boolean.class)
                .single();
        if (taken) throw new InvalidInput("name", "another rule is already called " + name);
        List<String> terms = terms(given.get("terms"), "terms", true);
        List<String> exclude = terms(given.get("exclude"), "exclude", false);
        Object fold = given.get("foldDiacritics");
        if (fold != null && !(fold instanceof Boolean))
            throw new InvalidInput("foldDiacritics", "must be true or false");
        boolean folds = Boolean.TRUE.equals(fold);
        try {
            KeywordMatcher.of(List.of(new KeywordRule(name, terms, exclude, folds, KeywordRule.ExcludeScope.OVERLAP)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("terms", e.getMessage());
        }
        List<UUID> ids = null;
        Set<String> types = new LinkedHashSet<>();
        Object ch = given.get("channels");
        if (ch == null || (ch instanceof String s && s.strip().equalsIgnoreCase("all"))) {
            ids = null;
        } else if (ch instanceof List<?> list) {
            if (list.isEmpty()) throw new InvalidInput("channels", "name at least one channel, or send \"all\"");
            if (list.size() > 100) throw new InvalidInput("channels", "may name at most 100 channels");
            List<UUID> picked = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                UUID channel;
                try {
                    channel = UUID.fromString(String.valueOf(list.get(i)).strip());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInput("channels[" + i + "]", "is not a channel id");
                }
                java.util.Optional<String> type = channels.typeOf(channel);
                if (type.isEmpty())
                    throw new InvalidInput("channels[" + i + "]", "no channel " + channel + " in this workspace");
                if (!picked.contains(channel)) picked.add(channel);
                types.add(type.get());
            }
            ids = picked;
        } else {
            throw new InvalidInput("channels", "must be \"all\" or a list of channel ids");
        }
        return new Clean(name, terms, exclude, folds, ids, types);
    }

    private static List<String> terms(Object value, String field, boolean required) {
        if (value == null) {
            if (required) throw new InvalidInput(field, "is required: at least one term such as \"Kahvila Aroma\"");
            return List.of();
        }
        if (!(value instanceof List<?> list)) throw new InvalidInput(field, "must be a list of terms");
        if (required && list.isEmpty()) throw new InvalidInput(field, "needs at least one term");
        if (list.size() > MAX_TERMS) throw new InvalidInput(field, "may hold at most " + MAX_TERMS + " terms");
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isBlank()) {
                throw new InvalidInput(field + "[" + i + "]", "must be a non-empty text");
            }
            String term = StorableText.require(s.strip(), field + "[" + i + "]");
            if (term.length() > MAX_TERM) {
                throw new InvalidInput(field + "[" + i + "]", "is longer than " + MAX_TERM + " characters");
            }
            if (term.codePoints().noneMatch(Character::isLetterOrDigit)) {
                throw new InvalidInput(field + "[" + i + "]", "has no letters or digits");
            }
            out.add(term);
        }
        return List.copyOf(out);
    }

    private static RuleView view(ResultSet rs, int row) throws SQLException {
        boolean all = rs.getBoolean("all_channels");
        Array ids = rs.getArray("channel_ids");
        Object channels = all
                ? "all"
                : Arrays.stream((Object[]) ids.getArray()).map(o -> (UUID) o).toList();
        return new RuleView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                strings(rs.getArray("terms")),
                strings(rs.getArray("exclude")),
                rs.getBoolean("fold_diacritics"),
                channels,
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    /** The tag a rule's mentions get: its name in lower case, as conversation tags are kept. */
    static String tag(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
