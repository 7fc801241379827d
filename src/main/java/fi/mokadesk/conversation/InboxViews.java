package fi.mokadesk.conversation;

import fi.mokadesk.conversation.Views.Filter;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The views column of the agent's workspace: the built-in views with their counts (also per channel), and
 * the views people save (their own, or shared with the workspace by a lead). A view is nothing but an inbox
 * filter with a name, so opening one is the same query as filtering by hand.
 */
@Component
class InboxViews {

    /** The most saved views one person sees; counting each costs a query. */
    static final int MAX_SAVED = 30;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A view of the views column: its key (built-in) or id (saved), name, the filter, and its count. */
    public record View(String key, UUID id, String name, boolean shared, boolean mine, Filter filter, Long count) {

        public String query() {
            return InboxViews.query(filter);
        }
    }

    public record ChannelCount(String channel, long open, long all) {}

    public record Column(List<View> builtIn, List<ChannelCount> channels, List<View> saved, long total) {}

    /** The built-in views, in the order of the column. */
    static final Map<String, Filter> BUILT_IN = builtIn();

    private static Map<String, Filter> builtIn() {
        Map<String, Filter> views = new LinkedHashMap<>();
        views.put("mine", new Filter("open", null, "me", null, null, null, null, null, null, null));
        views.put("open", new Filter("open", null, null, null, null, null, null, null, null, null));
        views.put("unassigned", new Filter("open", null, "none", null, null, null, null, null, null, null));
        views.put("attention", new Filter("open", null, null, null, null, null, null, "attention", true, null));
        views.put("pending", new Filter("pending", null, null, null, null, null, null, null, null, null));
        views.put("resolved", new Filter("resolved", null, null, null, null, null, null, null, null, null));
        views.put("all", Filter.none());
        return views;
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    InboxViews(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * The whole column with live counts. The built-in and channel counts come from one pass over the
     * workspace's conversations (grouped by channel, summed here); each saved view costs one count.
     */
    @Transactional(readOnly = true)
    public Column column() {
        Access access = Access.require(Role.VIEWER);
        Map<String, Long> totals = new LinkedHashMap<>();
        BUILT_IN.keySet().forEach(k -> totals.put(k, 0L));
        List<ChannelCount> channels = new ArrayList<>();
        jdbc.sql("""
                        select c.channel,
                               count(*) filter (where c.status = 'open' and c.assignee_id = :me),
                               count(*) filter (where c.status = 'open'),
                               count(*) filter (where c.status = 'open' and c.assignee_id is null),
                               count(*) filter (where c.status = 'open' and %s),
                               count(*) filter (where c.status = 'pending'),
                               count(*) filter (where c.status = 'resolved'),
                               count(*)
                          from conversation c group by c.channel order by c.channel
                        """.formatted(Inbox.NEEDS_ATTENTION))
                .param("me", access.userId())
                .query(rs -> {
                    int i = 2;
                    for (String key : BUILT_IN.keySet()) totals.merge(key, rs.getLong(i++), Long::sum);
                    channels.add(new ChannelCount(rs.getString(1), rs.getLong(3), rs.getLong(8)));
                });
        List<View> builtIn = BUILT_IN.entrySet().stream()
                .map(e -> new View(e.getKey(), null, null, true, false, e.getValue(), totals.get(e.getKey())))
                .toList();
        List<View> saved = saved().stream()
                .map(v -> new View(null, v.id(), v.name(), v.shared(), v.mine(), v.filter(), count(v.filter())))
                .toList();
        return new Column(builtIn, channels, saved, totals.get("all"));
    }

    /** The saved views the current person sees: their own and the shared ones, by name. */
    List<View> saved() {
        Access access = Access.require(Role.VIEWER);
        return jdbc.sql("""
                        select id, name, owner_id, filter::text from saved_view
                         where owner_id is null or owner_id = ?
                         order by owner_id is null, lower(name) limit ?
                        """)
                .params(access.userId(), MAX_SAVED)
                .query((rs, i) -> new View(
                        null,
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getObject(3) == null,
                        Objects.equals(rs.getObject(3, UUID.class), access.userId()),
                        fromJson(rs.getString(4)),
                        null))
                .list();
    }

    /**
     * Saves the filter as a view of the current person, or of the whole workspace when {@code shared} (leads
     * and admins only). The filter is checked the way the inbox checks it, so a saved view always opens.
     */
    @Transactional
    public UUID save(String name, Filter filter, boolean shared) {
        Access access = Access.require(Role.AGENT);
        if (shared && !access.role().atLeast(Role.LEAD)) {
            throw new InvalidInput("shared", "only a lead or an admin shares a view with the workspace");
        }
        if (access.userId() == null) throw new InvalidInput("owner", "a view belongs to a person");
        String clean = StorableText.require(name == null ? "" : name.strip(), "name");
        if (clean.isEmpty() || clean.length() > 80) throw new InvalidInput("name", "must be 1 to 80 characters");
        Filter checked = normalize(filter);
        count(checked); // refuses what the inbox would refuse
        UUID id = jdbc.sql("""
                        insert into saved_view (workspace_id, owner_id, name, filter, created_by)
                        values (?, ?, ?, ?::jsonb, ?) returning id
                        """)
                .params(access.workspaceId(), shared ? null : access.userId(), clean, toJson(checked), access.userId())
                .query(UUID.class)
                .single();
        events.publishEvent(new Audited(
                "view.saved",
                "saved_view",
                id.toString(),
                null,
                Map.of("name", clean, "filter", query(checked), "shared", shared)));
        return id;
    }

    /** Removes a saved view: one's own, or a shared one by a lead or an admin. */
    @Transactional
    public void remove(UUID id) {
        Access access = Access.require(Role.AGENT);
        View view = saved().stream()
                .filter(v -> v.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new NotFound("no such view"));
        if (view.shared() && !access.role().atLeast(Role.LEAD)) {
            throw new InvalidInput("view", "only a lead or an admin removes a shared view");
        }
        jdbc.sql("delete from saved_view where id = ?").param(id).update();
        events.publishEvent(new Audited(
                "view.removed",
                "saved_view",
                id.toString(),
                Map.of("name", view.name(), "filter", view.query()),
                null));
    }

    /**
     * How many conversations a filter finds. A text search is not counted (that would mean searching the
     * whole inbox just to draw a number): the view shows no count then.
     */
    Long count(Filter filter) {
        Access access = Access.require(Role.VIEWER);
        if (filter.q() != null && !filter.q().isBlank()) return null;
        StringBuilder sql = new StringBuilder("select count(*) from conversation c where true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.status() != null) {
            sql.append(" and c.status = :status");
            params.put(
                    "status", ConversationStatus.of(filter.status(), "status").code());
        }
        if (filter.channel() != null) {
            sql.append(" and c.channel = :channel");
            params.put("channel", ChannelType.of(filter.channel(), "channel").code());
        }
        if (filter.assignee() != null) {
            switch (filter.assignee()) {
                case "none" -> sql.append(" and c.assignee_id is null");
                case "me" -> {
                    sql.append(" and c.assignee_id = :assignee");
                    params.put("assignee", access.userId());
                }
                default -> {
                    sql.append(" and c.assignee_id = :assignee");
                    params.put("assignee", Inbox.uuid(filter.assignee(), "assignee"));
                }
            }
        }
        if (filter.sentiment() != null) {
            sql.append(" and c.sentiment = :sentiment");
            params.put(
                    "sentiment", Sentiment.of(filter.sentiment(), "sentiment").code());
        }
        if (filter.category() != null) {
            sql.append(" and c.category = :category");
            params.put("category", Category.of(filter.category(), "category").code());
        }
        if (filter.abusive() != null) {
            sql.append(" and c.abusive = :abusive");
            params.put("abusive", filter.abusive());
        }
        if (Boolean.TRUE.equals(filter.attention())) sql.append(" and ").append(Inbox.NEEDS_ATTENTION);
        if (filter.tag() != null) {
            sql.append(" and :tag = any(c.tags)");
            params.put("tag", filter.tag());
        }
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    /** The filter with blanks as nulls and codes in their canonical spelling. */
    static Filter normalize(Filter f) {
        if (f == null) return Filter.none();
        String status = blank(f.status()) == null
                ? null
                : ConversationStatus.of(f.status(), "status").code();
        String channel = blank(f.channel()) == null
                ? null
                : ChannelType.of(f.channel(), "channel").code();
        String sentiment = blank(f.sentiment()) == null
                ? null
                : Sentiment.of(f.sentiment(), "sentiment").code();
        String category = blank(f.category()) == null
                ? null
                : Category.of(f.category(), "category").code();
        String sort = blank(f.sort()) == null || "recent".equals(f.sort().strip())
                ? null
                : f.sort().strip();
        if (sort != null && !sort.equals("attention") && !sort.equals("urgent"))
            throw new InvalidInput("sort", "must be one of attention, recent, urgent");
        String q = blank(f.q()) == null ? null : StorableText.require(f.q().strip(), "q");
        String assignee = blank(f.assignee());
        if (assignee != null && !assignee.equals("me") && !assignee.equals("none")) {
            assignee = Inbox.uuid(assignee, "assignee").toString();
        }
        return new Filter(
                status,
                channel,
                assignee,
                q,
                sentiment,
                category,
                f.abusive(),
                sort,
                Boolean.TRUE.equals(f.attention()) ? true : null,
                tag(f.tag()));
    }

    /** A tag as conversations keep them (lower case), or null for none. */
    static String tag(String tag) {
        String clean = blank(tag);
        return clean == null ? null : StorableText.require(clean, "tag").toLowerCase(java.util.Locale.ROOT);
    }

    /** The filter as the inbox's query string, in a fixed order (so equal filters give equal links). */
    static String query(Filter f) {
        StringBuilder q = new StringBuilder();
        param(q, "status", f.status());
        param(q, "channel", f.channel());
        param(q, "assignee", f.assignee());
        param(q, "sentiment", f.sentiment());
        param(q, "category", f.category());
        param(q, "abusive", f.abusive() == null ? null : f.abusive().toString());
        param(q, "attention", Boolean.TRUE.equals(f.attention()) ? "true" : null);
        param(q, "sort", f.sort());
        param(q, "tag", f.tag());
        param(q, "q", f.q());
        return q.toString();
    }

    private static void param(StringBuilder q, String name, String value) {
        if (value == null || value.isBlank()) return;
        if (!q.isEmpty()) q.append('&');
        q.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String toJson(Filter f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", f.status());
        m.put("channel", f.channel());
        m.put("assignee", f.assignee());
        m.put("q", f.q());
        m.put("sentiment", f.sentiment());
        m.put("category", f.category());
        m.put("abusive", f.abusive());
        m.put("sort", f.sort());
        m.put("attention", f.attention());
        m.put("tag", f.tag());
        m.values().removeIf(Objects::isNull);
        return JSON.writeValueAsString(m);
    }

    private static Filter fromJson(String json) {
        var n = JSON.readTree(json);
        return new Filter(
                text(n, "status"),
                text(n, "channel"),
                text(n, "assignee"),
                text(n, "q"),
                text(n, "sentiment"),
                text(n, "category"),
                n.has("abusive") ? n.get("abusive").asBoolean() : null,
                text(n, "sort"),
                n.has("attention") ? n.get("attention").asBoolean() : null,
                text(n, "tag"));
    }

    private static String text(tools.jackson.databind.JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asString() : null;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
