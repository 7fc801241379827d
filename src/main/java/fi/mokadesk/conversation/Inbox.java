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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The inbox's reading side: the filtered, paged list, one conversation with its messages, read marks. */
@Component
class Inbox {

    private static final Set<String> SORTS = Set.of("recent", "attention");

    private final JdbcClient jdbc;
    private final ObjectProvider<DeliveryStatuses> deliveries;
    private final ObjectProvider<MessageInsights> insights;
    private final ObjectProvider<MessageExtras> extras;

    Inbox(
            JdbcClient jdbc,
            ObjectProvider<DeliveryStatuses> deliveries,
            ObjectProvider<MessageInsights> insights,
            ObjectProvider<MessageExtras> extras) {
        this.extras = extras;
        this.jdbc = jdbc;
        this.deliveries = deliveries;
        this.insights = insights;
    }

    private static final String SUMMARY_COLUMNS = """
            c.id, c.channel, c.is_public, c.status, c.priority, c.assignee_id, u.display_name, c.contact_id,
            coalesce(k.name, k.email), c.subject, c.last_preview, c.message_count, c.last_message_at,
            (r.read_at is null or r.read_at < c.last_inbound_at) as unread, c.tags, c.sentiment, c.category,
            c.urgency, c.abusive
            """;

    private static final String SUMMARY_JOINS = """
            join contact k on k.workspace_id = c.workspace_id and k.id = c.contact_id
            left join app_user u on u.id = c.assignee_id
            left join conversation_read r on r.workspace_id = c.workspace_id and r.conversation_id = c.id
                                          and r.user_id = :me
            """;

    public Page<ConversationSummary> list(Filter filter, String cursor, int limit) {
        Access access = Access.require(Role.VIEWER);
        int size = InvalidInput.requireBetween("limit", limit, 1, Conversations.MAX_PAGE);
        StringBuilder sql = new StringBuilder("select ")
                .append(SUMMARY_COLUMNS)
                .append(" from conversation c ")
                .append(SUMMARY_JOINS)
                .append(" where true");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("me", access.userId());
        if (filter.status() != null && !filter.status().isBlank()) {
            params.put(
                    "status", ConversationStatus.of(filter.status(), "status").code());
            sql.append(" and c.status = :status");
        }
        if (filter.channel() != null && !filter.channel().isBlank()) {
            params.put("channel", ChannelType.of(filter.channel(), "channel").code());
            sql.append(" and c.channel = :channel");
        }
        if (filter.assignee() != null && !filter.assignee().isBlank()) {
            switch (filter.assignee()) {
                case "none" -> sql.append(" and c.assignee_id is null");
                case "me" -> {
                    params.put("assignee", access.userId());
                    sql.append(" and c.assignee_id = :assignee");
                }
                default -> {
                    params.put("assignee", uuid(filter.assignee(), "assignee"));
                    sql.append(" and c.assignee_id = :assignee");
                }
            }
        }
        if (filter.sentiment() != null && !filter.sentiment().isBlank()) {
            params.put(
                    "sentiment", Sentiment.of(filter.sentiment(), "sentiment").code());
            sql.append(" and c.sentiment = :sentiment");
        }
        if (filter.category() != null && !filter.category().isBlank()) {
            params.put("category", Category.of(filter.category(), "category").code());
            sql.append(" and c.category = :category");
        }
        if (filter.abusive() != null) {
            params.put("abusive", filter.abusive());
            sql.append(" and c.abusive = :abusive");
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            // Walks the inbox newest first and stops when the page is full: fast for words that many
            // messages contain; a word that almost none contain makes it visit every conversation.
            params.put("q", StorableText.require(filter.q().strip(), "q"));
            sql.append("""
                     and exists (select 1 from message m where m.workspace_id = c.workspace_id
                                 and m.conversation_id = c.id and m.search @@ websearch_to_tsquery('finnish', :q))
                    """);
        }
        if (filter.sort() != null
                && !filter.sort().isBlank()
                && !SORTS.contains(filter.sort().strip().toLowerCase(Locale.ROOT))) {
            throw new InvalidInput("sort", "must be one of attention, recent");
        }
        int offset = 0;
        if (filter.byAttention()) {
            // Abusive first, then negative, then by urgency; within each, newest first. Paged by offset.
            offset = cursor == null || cursor.isBlank() ? 0 : Cursor.parseOffset(cursor);
            sql.append("""
                     order by c.abusive desc, (c.sentiment = 'negative') desc nulls last,
                              case c.urgency when 'high' then 0 when 'elevated' then 1 else 2 end,
                              c.last_message_at desc, c.id desc
                    """);
            sql.append(" limit ").append(size + 1).append(" offset ").append(offset);
        } else {
            if (cursor != null && !cursor.isBlank()) {
                Cursor after = Cursor.parse(cursor);
                params.put("afterAt", after.at());
                params.put("afterId", after.id());
                sql.append(" and (c.last_message_at, c.id) < (:afterAt, :afterId)");
            }
            sql.append(" order by c.last_message_at desc, c.id desc limit ").append(size + 1);
        }
        List<ConversationSummary> rows =
                jdbc.sql(sql.toString()).params(params).query(Inbox::summary).list();
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
        return new ConversationDetail(summary, threadKey, messages);
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
                        select u.id, u.display_name from membership m join app_user u on u.id = m.user_id
                         where m.enabled and m.role <> 'viewer' order by lower(u.display_name)
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
