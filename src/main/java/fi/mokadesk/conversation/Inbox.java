package fi.mokadesk.conversation;

import fi.mokadesk.conversation.Views.ConversationDetail;
import fi.mokadesk.conversation.Views.ConversationSummary;
import fi.mokadesk.conversation.Views.Filter;
import fi.mokadesk.conversation.Views.MessageView;
import fi.mokadesk.conversation.Views.Page;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The inbox's reading side: the filtered, paged list, one conversation with its messages, read marks. */
@Component
class Inbox {

    private static final Set<String> SORTS = Set.of("recent", "attention", "urgent");

    private final JdbcClient jdbc;
    private final ObjectProvider<DeliveryStatuses> deliveries;
    private final ObjectProvider<MessageInsights> insights;
    private final ObjectProvider<ServiceLevels> serviceLevels;
    private final ObjectProvider<MessageExtras> extras;

    Inbox(
            JdbcClient jdbc,
            ObjectProvider<DeliveryStatuses> deliveries,
            ObjectProvider<MessageInsights> insights,
            ObjectProvider<ServiceLevels> serviceLevels,
            ObjectProvider<MessageExtras> extras,
            @Value("${mokadesk.search.window:4000}") int searchWindow) {
        this.extras = extras;
        this.jdbc = jdbc;
        this.searchWindow = searchWindow;
        this.deliveries = deliveries;
        this.insights = insights;
        this.serviceLevels = serviceLevels;
    }

    /** Where these conversations stand against their SLA (empty without SLA timers). */
    public Map<UUID, ServiceLevels.ServiceLevel> serviceLevels(List<UUID> conversationIds) {
        ServiceLevels levels = serviceLevels.getIfAvailable();
        return levels == null || conversationIds.isEmpty() ? Map.of() : levels.of(conversationIds);
    }

    private static final String SUMMARY_COLUMNS = """
            c.id, c.channel, c.is_public, c.status, c.priority, c.assignee_id, u.display_name, c.contact_id,
            coalesce(k.name, k.email), c.subject, c.last_preview, c.message_count, c.last_message_at,
            (r.read_at is null or r.read_at < c.last_inbound_at) as unread, c.tags, c.sentiment, c.category,
            c.urgency, c.abusive
            """;

    /** What the "needs attention" view keeps: abusive, negative or urgent by the analysis. */
    static final String NEEDS_ATTENTION =
            "(c.abusive or c.sentiment = 'negative' or c.urgency in ('high', 'elevated'))";

    private static final String SUMMARY_JOINS = """
            join contact k on k.workspace_id = c.workspace_id and k.id = c.contact_id
            left join people_directory u on u.workspace_id = c.workspace_id and u.user_id = c.assignee_id
            left join conversation_read r on r.workspace_id = c.workspace_id and r.conversation_id = c.id
                                          and r.user_id = :me
            """;

    /**
     * How many of the newest conversations (after the filters) a search looks through before it asks the
     * trigram index instead (default 4,000). A word in at least one conversation in 80 fills a page from
     * this window; rarer words are looked up in the index, whose answer is then small.
     */
    private final int searchWindow;

    public Page<ConversationSummary> list(Filter filter, String cursor, int limit) {
        Access access = Access.require(Role.VIEWER);
        int size = InvalidInput.requireBetween("limit", limit, 1, Conversations.MAX_PAGE);
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("me", access.userId());
        if (filter.status() != null && !filter.status().isBlank()) {
            params.put(
                    "status", ConversationStatus.of(filter.status(), "status").code());
            where.append(" and c.status = :status");
        }
        if (filter.channel() != null && !filter.channel().isBlank()) {
            params.put("channel", ChannelType.of(filter.channel(), "channel").code());
            where.append(" and c.channel = :channel");
        }
        if (filter.assignee() != null && !filter.assignee().isBlank()) {
            switch (filter.assignee()) {
                case "none" -> where.append(" and c.assignee_id is null");
                case "me" -> {
                    params.put("assignee", access.userId());
                    where.append(" and c.assignee_id = :assignee");
                }
                default -> {
                    params.put("assignee", uuid(filter.assignee(), "assignee"));
                    where.append(" and c.assignee_id = :assignee");
                }
            }
        }
        if (filter.sentiment() != null && !filter.sentiment().isBlank()) {
            params.put(
                    "sentiment", Sentiment.of(filter.sentiment(), "sentiment").code());
            where.append(" and c.sentiment = :sentiment");
        }
        if (filter.category() != null && !filter.category().isBlank()) {
            params.put("category", Category.of(filter.category(), "category").code());
            where.append(" and c.category = :category");
        }
        if (filter.abusive() != null) {
            params.put("abusive", filter.abusive());
            where.append(" and c.abusive = :abusive");
        }
        if (Boolean.TRUE.equals(filter.attention())) where.append(" and ").append(NEEDS_ATTENTION);
        if (filter.tag() != null && !filter.tag().isBlank()) {
            params.put("tag", InboxViews.tag(filter.tag()));
            where.append(" and :tag = any(c.tags)");
        }
        List<String> words = null;
        StringBuilder matches = new StringBuilder();
        if (filter.q() != null && !filter.q().isBlank()) {
            words = SearchTerms.of(StorableText.require(filter.q().strip(), "q"));
            for (int i = 0; i < words.size(); i++) {
                params.put("w" + i, likeAny(words.get(i)));
                matches.append(" and c.search_doc like any (string_to_array(:w")
                        .append(i)
                        .append(", '|'))");
            }
        }
        if (filter.sort() != null
                && !filter.sort().isBlank()
                && !SORTS.contains(filter.sort().strip().toLowerCase(Locale.ROOT))) {
            throw new InvalidInput("sort", "must be one of attention, recent, urgent");
        }
        int offset = 0;
        if (filter.byUrgency()) {
            // The SLA module orders the conversations with running timers; the filters above still apply, so
            // a filtered page can hold fewer rows than asked for. Paged by offset into that order.
            offset = cursor == null || cursor.isBlank() ? 0 : Cursor.parseOffset(cursor);
            ServiceLevels levels = serviceLevels.getIfAvailable();
            List<UUID> ordered = levels == null ? List.of() : levels.mostUrgent(offset, size + 1);
            params.put("urgent", ordered.toArray(UUID[]::new));
            List<ConversationSummary> rows = jdbc.sql("select " + SUMMARY_COLUMNS + " from conversation c "
                            + SUMMARY_JOINS + where + matches
                            + " and c.id = any(:urgent) order by array_position(:urgent, c.id)")
                    .params(params)
                    .query(Inbox::summary)
                    .list();
            boolean more = ordered.size() > size;
            if (rows.size() > size) rows = rows.subList(0, size);
            return new Page<>(rows, more ? Cursor.encodeOffset(offset + size) : null);
        }
        String order;
        if (filter.byAttention()) {
            // Abusive first, then negative, then by urgency; within each, newest first. Paged by offset.
            offset = cursor == null || cursor.isBlank() ? 0 : Cursor.parseOffset(cursor);
            order = """
                     order by c.abusive desc, (c.sentiment = 'negative') desc nulls last,
                              case c.urgency when 'high' then 0 when 'elevated' then 1 else 2 end,
                              c.last_message_at desc, c.id desc
                    """ + " limit " + (size + 1) + " offset " + offset;
        } else {
            if (cursor != null && !cursor.isBlank()) {
                Cursor after = Cursor.parse(cursor);
                params.put("afterAt", after.at());
                params.put("afterId", after.id());
                where.append(" and (c.last_message_at, c.id) < (:afterAt, :afterId)");
            }
            order = " order by c.last_message_at desc, c.id desc limit " + (size + 1);
        }
        List<ConversationSummary> rows;
        if (words == null) {
            rows = jdbc.sql("select " + SUMMARY_COLUMNS + " from conversation c " + SUMMARY_JOINS + where + order)
                    .params(params)
                    .query(Inbox::summary)
                    .list();
        } else {
            rows = filter.byAttention() ? null : searchRecent(where, matches, order, params, size);
            if (rows == null) {
                // The index's matches, sorted by time before whole rows are read: without other filters only
                // the page's rows are fetched.
                params.put("words", String.join(" ", words));
                String sorted = filter.byAttention() ? order : " order by m.at desc, m.id desc limit " + (size + 1);
                rows = jdbc.sql("select " + SUMMARY_COLUMNS
                                + " from (select id, last_message_at as at from conversation_matches("
                                + "string_to_array(:words, ' ')) order by 2 desc, 1 desc) m"
                                + " join conversation c on c.id = m.id " + SUMMARY_JOINS + where + matches + sorted)
                        .params(params)
                        .query(Inbox::summary)
                        .list();
            }
        }
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            ConversationSummary last = rows.get(size - 1);
            next = filter.byAttention()
                    ? Cursor.encodeOffset(offset + size)
                    : new Cursor(last.lastMessageAt(), last.id()).encode();
        }
        return new Page<>(rows, next);
    }

    /**
     * A search, newest first, through the newest {@code searchWindow} conversations that pass the filters:
     * bounded work however common the words are, and it stops as soon as the page is full. Returns null when
     * the page is not full: the trigram index answers then (in a small workspace the database reads the
     * workspace's few conversations instead of the index).
     */
    private List<ConversationSummary> searchRecent(
            CharSequence where, CharSequence matches, String order, Map<String, Object> params, int size) {
        List<ConversationSummary> rows = jdbc.sql("select " + SUMMARY_COLUMNS
                        + " from (select c.* from conversation c" + where
                        + " order by c.last_message_at desc, c.id desc limit " + searchWindow + ") c "
                        + SUMMARY_JOINS + " where true" + matches + order)
                .params(params)
                .query(Inbox::summary)
                .list();
        return rows.size() > size ? rows : null;
    }

    /** One word's stems as LIKE patterns joined by '|' (stems are letters and digits only). */
    private static String likeAny(String stems) {
        StringBuilder patterns = new StringBuilder();
        for (String stem : stems.split("\\|")) {
            if (!patterns.isEmpty()) patterns.append('|');
            patterns.append('%').append(stem).append('%');
        }
        return patterns.toString();
    }

    public ConversationDetail get(UUID id) {
        Access access = Access.require(Role.VIEWER);
        ConversationSummary summary = jdbc.sql(
                        "select " + SUMMARY_COLUMNS + " from conversation c " + SUMMARY_JOINS + " where c.id = :id")
                .param("me", access.userId())
                .param("id", id)
                .query(Inbox::summary)
                .optional()
                .orElseThrow(() -> new NotFound("no such conversation"));
        String threadKey = jdbc.sql("select thread_key from conversation where id = ?")
                .param(id)
                .query(String.class)
                .single();
        List<MessageView> messages = jdbc.sql("""
                        select id, kind, channel, author_name, author_handle, author_email, body, is_public, received_at,
                               hidden_at, hidden_by, hidden_reason
                          from message where conversation_id = ? order by received_at, seq
                        """)
                .param(id)
                .query((rs, i) -> new MessageView(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getBoolean(8),
                        rs.getObject(9, OffsetDateTime.class),
                        rs.getObject(10, OffsetDateTime.class),
                        rs.getString(11),
                        rs.getString(12),
                        null,
                        null,
                        null))
                .list();
        Map<UUID, DeliveryStatuses.Delivery> delivered = Map.of();
        List<UUID> outbound = messages.stream()
                .filter(m -> m.kind().equals("outbound"))
                .map(MessageView::id)
                .toList();
        DeliveryStatuses statuses = deliveries.getIfAvailable();
        if (!outbound.isEmpty() && statuses != null) delivered = statuses.of(outbound);
        Map<UUID, MessageInsights.Insight> insights = Map.of();
        List<UUID> inbound = messages.stream()
                .filter(m -> m.kind().equals("inbound"))
                .map(MessageView::id)
                .toList();
        MessageInsights analysis = this.insights.getIfAvailable();
        if (!inbound.isEmpty() && analysis != null) insights = analysis.of(inbound);
        Map<UUID, MessageExtras.Extra> extra = new java.util.HashMap<>();
        List<UUID> all = messages.stream().map(MessageView::id).toList();
        if (!all.isEmpty()) extras.orderedStream().forEach(e -> extra.putAll(e.of(all)));
        if (!delivered.isEmpty() || !insights.isEmpty() || !extra.isEmpty()) {
            Map<UUID, DeliveryStatuses.Delivery> d = delivered;
            Map<UUID, MessageInsights.Insight> a = insights;
            messages = messages.stream()
                    .map(m -> new MessageView(
                            m.id(),
                            m.kind(),
                            m.channel(),
                            m.authorName(),
                            m.authorHandle(),
                            m.authorEmail(),
                            m.text(),
                            m.isPublic(),
                            m.receivedAt(),
                            m.hiddenAt(),
                            m.hiddenBy(),
                            m.hiddenReason(),
                            d.get(m.id()),
                            a.get(m.id()),
                            extra.get(m.id())))
                    .toList();
        }
        ServiceLevels.ServiceLevel sla = serviceLevels(List.of(id)).get(id);
        return new ConversationDetail(summary, threadKey, messages, sla);
    }

    /** Remembers that the current person has seen the conversation up to now. */
    public void markRead(UUID conversationId) {
        Access access = Access.require(Role.VIEWER);
        if (access.userId() == null) return;
        jdbc.sql("""
                        insert into conversation_read (workspace_id, conversation_id, user_id, read_at)
                        values (?, ?, ?, now())
                        on conflict (workspace_id, conversation_id, user_id) do update set read_at = now()
                        """)
                .params(access.workspaceId(), conversationId, access.userId())
                .update();
    }

    public List<Map<String, Object>> members() {
        Access.require(Role.VIEWER);
        return jdbc.sql("""
                        select user_id as id, display_name from people_directory
                         where enabled and role <> 'viewer' order by lower(display_name)
                        """).query().listOfRows();
    }

    /** The channels the inbox can be filtered by: the catalogue Mokadesk accepts messages from. */
    public List<String> channels() {
        Access.require(Role.VIEWER);
        return ChannelType.codes();
    }

    static UUID uuid(String value, String field) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "is not a valid id");
        }
    }

    private static ConversationSummary summary(ResultSet rs, int row) throws SQLException {
        Array tags = rs.getArray(15);
        return new ConversationSummary(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getBoolean(3),
                rs.getString(4),
                rs.getString(5),
                rs.getObject(6, UUID.class),
                rs.getString(7),
                rs.getObject(8, UUID.class),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getInt(12),
                rs.getObject(13, OffsetDateTime.class),
                rs.getBoolean(14),
                tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
                rs.getString(16),
                rs.getString(17),
                rs.getString(18),
                rs.getBoolean(19));
    }

    /** Keyset position in the inbox: the last row's time and id, opaque to clients. */
    record Cursor(OffsetDateTime at, UUID id) {

        String encode() {
            String raw = at.toInstant() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static String encodeOffset(int offset) {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("o|" + offset).getBytes(StandardCharsets.UTF_8));
        }

        static int parseOffset(String token) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                if (!raw.startsWith("o|")) throw new IllegalArgumentException();
                return Math.max(0, Integer.parseInt(raw.substring(2)));
            } catch (RuntimeException e) {
                throw new InvalidInput("cursor", "is not a cursor this server gave out");
            }
        }

        static Cursor parse(String token) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                String[] parts = raw.split("\\|", 2);
                return new Cursor(
                        OffsetDateTime.ofInstant(Instant.parse(parts[0]), ZoneOffset.UTC), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw new InvalidInput("cursor", "is not a cursor this server gave out");
            }
        }
    }
}
