package fi.mokadesk.conversation;

import fi.mokadesk.conversation.Views.Change;
import fi.mokadesk.conversation.Views.ConversationDetail;
import fi.mokadesk.conversation.Views.ConversationSummary;
import fi.mokadesk.conversation.Views.Filter;
import fi.mokadesk.conversation.Views.MessageView;
import fi.mokadesk.conversation.Views.Page;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Audited;
import fi.mokadesk.workspace.InvalidInput;
import fi.mokadesk.workspace.NotFound;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.StorableText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The conversation module's front door. */
@Service
public class Conversations implements org.springframework.beans.factory.DisposableBean {

    static final int MAX_TEXT = 20_000;
    /** The most conversations one page of the inbox holds. */
    public static final int MAX_PAGE = 100;

    private static final Set<String> SORTS = Set.of("recent", "attention");

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<DeliveryStatuses> deliveries;
    private final ObjectProvider<MessageInsights> insights;
    private final Counter ingested;
    private final Timer ingestLatency;
    private final IngestWriter writer;

    Conversations(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            ObjectProvider<DeliveryStatuses> deliveries,
            ObjectProvider<MessageInsights> insights,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.deliveries = deliveries;
        this.insights = insights;
        this.ingested = Counter.builder("mokadesk.messages.ingested")
                .description("Customer messages stored (re-deliveries not counted)")
                .register(meters);
        this.ingestLatency = Timer.builder("mokadesk.ingest.latency")
                .description("Time to store one inbound message")
                .publishPercentileHistogram()
                .register(meters);
        this.writer = new IngestWriter(jdbc, transaction, this::published, 2);
    }

    // --- ingest -----------------------------------------------------------------------------------------

    /**
     * Stores a customer message in the current workspace, idempotently: the same (channel, externalId)
     * again returns the stored ids and changes nothing.
     */
    public Ingested ingest(InboundMessage raw) {
        Access.require(Role.AGENT);
        InboundMessage message = Ingest.validate(raw);
        Timer.Sample sample = Timer.start();
        try {
            Ingested result = writer.submit(Tenant.require(), message);
            if (result.created()) ingested.increment();
            return result;
        } finally {
            sample.stop(ingestLatency);
        }
    }

    private void published(List<IngestWriter.Stored> stored) {
        for (IngestWriter.Stored s : stored) {
            InboundMessage m = s.inbound();
            if (s.startedConversation()) {
                events.publishEvent(new ConversationCreated(
                        s.workspace(), s.conversation(), s.contact(), m.channel(), m.isPublic(), m.receivedAt()));
            }
            if (s.reopenedFrom() != null) {
                ConversationStatus to = s.reopenedFrom().afterCustomerMessage();
                events.publishEvent(
                        new ConversationStatusChanged(s.workspace(), s.conversation(), s.reopenedFrom(), to, null));
                events.publishEvent(
                        new ConversationReopened(s.workspace(), s.conversation(), s.reopenedFrom(), true, null));
            }
            events.publishEvent(new MessageReceived(
                    s.workspace(), s.conversation(), s.message(), m.channel(), m.isPublic(), m.text(), m.receivedAt()));
            events.publishEvent(new ConversationChanged(s.workspace(), s.conversation(), "message"));
        }
    }

    @Override
    public void destroy() {
        writer.stop();
    }

    // --- reading ----------------------------------------------------------------------------------------

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
        int size = InvalidInput.requireBetween("limit", limit, 1, MAX_PAGE);
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
        List<ConversationSummary> rows = jdbc.sql(sql.toString())
                .params(params)
                .query(Conversations::summary)
                .list();
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
                .query(Conversations::summary)
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
        if (!delivered.isEmpty() || !insights.isEmpty()) {
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
                            a.get(m.id())))
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

    // --- changes ----------------------------------------------------------------------------------------

    /** A reply to the customer (leaves through the conversation's channel) or an internal note. */
    @Transactional
    public UUID write(UUID conversationId, String text, boolean note) {
        Access access = Access.require(Role.AGENT);
        String body = Ingest.requireText(text);
        Map<String, Object> conv = jdbc
                .sql("select channel, thread_key, is_public from conversation where id = ?")
                .param(conversationId)
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFound("no such conversation"));
        String channel = (String) conv.get("channel");
        UUID id = jdbc.sql("""
                        insert into message (workspace_id, conversation_id, kind, channel, author_name, author_user_id,
                                             body, is_public, received_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, now())
                        returning id
                        """)
                .params(
                        access.workspaceId(),
                        conversationId,
                        note ? "note" : "outbound",
                        channel,
                        access.actor().name(),
                        access.userId(),
                        body,
                        !note && (Boolean) conv.get("is_public"))
                .query(UUID.class)
                .single();
        jdbc.sql("""
                        update conversation set message_count = message_count + 1,
                               last_message_at = greatest(last_message_at, now()),
                               last_preview = case when ? then last_preview else ? end
                         where id = ?
                        """).params(note, Ingest.preview(body), conversationId).update();
        events.publishEvent(new Audited(
                note ? "message.note" : "message.reply",
                "conversation",
                conversationId.toString(),
                null,
                Map.of("messageId", id.toString(), "text", body)));
        if (note) {
            events.publishEvent(new NoteAdded(
                    access.workspaceId(),
                    conversationId,
                    id,
                    access.userId(),
                    access.actor().name()));
        } else {
            // The customer message this reply answers, and whether an earlier reply exists, in one query.
            Map<String, Object> thread = jdbc.sql("""
                            select (select external_id from message where conversation_id = :c and kind = 'inbound'
                                     order by received_at desc, seq desc limit 1) as last_external,
                                   exists (select 1 from message where conversation_id = :c and kind = 'outbound'
                                            and id <> :reply) as replied_before
                            """)
                    .param("c", conversationId)
                    .param("reply", id)
                    .query()
                    .singleRow();
            String lastExternal = (String) thread.get("last_external");
            if (!(Boolean) thread.get("replied_before")) {
                events.publishEvent(new FirstReplySent(
                        access.workspaceId(),
                        conversationId,
                        id,
                        access.userId(),
                        access.actor().name(),
                        Instant.now()));
            }
            events.publishEvent(new ReplySent(
                    access.workspaceId(),
                    conversationId,
                    id,
                    channel,
                    (String) conv.get("thread_key"),
                    lastExternal,
                    access.actor().name(),
                    body));
        }
        events.publishEvent(new ConversationChanged(access.workspaceId(), conversationId, note ? "note" : "reply"));
        return id;
    }

    @Transactional
    public ConversationSummary change(UUID conversationId, Change change) {
        Access access = Access.require(Role.AGENT);
        ConversationSummary before = get(conversationId).conversation();
        if (change.status() != null) {
            ConversationStatus wanted = ConversationStatus.of(change.status(), "status");
            ConversationStatus from = ConversationStatus.of(before.status(), "status");
            if (wanted != from) changeStatus(access, conversationId, from, from.moveTo(wanted));
        }
        if (change.priority() != null) {
            String priority = Priority.of(change.priority(), "priority").code();
            if (!priority.equals(before.priority())) {
                jdbc.sql("update conversation set priority = ? where id = ?")
                        .params(priority, conversationId)
                        .update();
                audit("conversation.priority", conversationId, before.priority(), priority);
            }
        }
        if (change.assigneeId() != null) {
            UUID assignee = switch (change.assigneeId()) {
                case "none", "" -> null;
                case "me" -> access.userId();
                default -> uuid(change.assigneeId(), "assigneeId");
            };
            if (assignee != null && !isMember(assignee)) {
                throw new InvalidInput("assigneeId", "is not a member of this workspace");
            }
            if (!java.util.Objects.equals(assignee, before.assigneeId())) {
                jdbc.sql("update conversation set assignee_id = ? where id = ?")
                        .params(assignee, conversationId)
                        .update();
                audit("conversation.assignee", conversationId, before.assigneeId(), assignee);
                events.publishEvent(new ConversationAssigned(
                        access.workspaceId(),
                        conversationId,
                        before.assigneeId(),
                        assignee,
                        access.actor().name()));
            }
        }
        if (change.tags() != null) {
            List<String> tags = change.tags().stream()
                    .map(t -> t == null
                            ? ""
                            : StorableText.require(t, "tags").strip().toLowerCase(Locale.ROOT))
                    .filter(t -> !t.isEmpty())
                    .distinct()
                    .toList();
            if (tags.stream().anyMatch(t -> t.length() > 50) || tags.size() > 20) {
                throw new InvalidInput("tags", "allows at most 20 tags of 50 characters");
            }
            if (!tags.equals(before.tags())) {
                jdbc.sql("update conversation set tags = ? where id = ?")
                        .params(tags.toArray(String[]::new), conversationId)
                        .update();
                audit("conversation.tags", conversationId, before.tags(), tags);
            }
        }
        events.publishEvent(new ConversationChanged(access.workspaceId(), conversationId, "details"));
        return get(conversationId).conversation();
    }

    /**
     * Moves the status, guarded by the row itself: the update only happens if the status is still the one the
     * move was checked against, so two agents racing cannot make a move the rules refuse.
     */
    private void changeStatus(Access access, UUID conversationId, ConversationStatus from, ConversationStatus to) {
        int changed = jdbc.sql("update conversation set status = ? where id = ? and status = ?")
                .params(to.code(), conversationId, from.code())
                .update();
        if (changed == 0) {
            throw new IllegalTransition(from, to, "the conversation's status changed meanwhile; reload and try again");
        }
        audit("conversation.status", conversationId, from.code(), to.code());
        UUID ws = access.workspaceId();
        String by = access.actor().name();
        events.publishEvent(new ConversationStatusChanged(ws, conversationId, from, to, by));
        if (to == ConversationStatus.RESOLVED)
            events.publishEvent(new ConversationResolved(ws, conversationId, from, by));
        if (to == ConversationStatus.OPEN)
            events.publishEvent(new ConversationReopened(ws, conversationId, from, false, by));
    }

    /** Hides a message from the public view; it stays stored and visible to staff with who, when and why. */
    @Transactional
    public void hide(UUID messageId, String reason) {
        Access access = Access.require(Role.AGENT);
        String why =
                reason == null ? "" : StorableText.require(reason, "reason").strip();
        if (why.isEmpty()) throw new InvalidInput("reason", "is required");
        if (why.length() > 500) throw new InvalidInput("reason", "is longer than 500 characters");
        UUID conversation = jdbc.sql("""
                        update message set hidden_at = now(), hidden_by = ?, hidden_reason = ?
                         where id = ? and kind = 'inbound' and hidden_at is null
                        returning conversation_id
                        """)
                .params(access.actor().name(), why, messageId)
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> new NotFound("no such visible customer message"));
        events.publishEvent(new Audited("message.hide", "message", messageId.toString(), null, why));
        events.publishEvent(new MessageHidden(
                access.workspaceId(), conversation, messageId, access.actor().name(), why));
        events.publishEvent(new ConversationChanged(access.workspaceId(), conversation, "hidden"));
    }

    /**
     * Keeps the conversation's summary in step with the analysis of its customer messages, for inbox
     * filters and sorting. Runs in the caller's transaction and workspace.
     */
    public void recordAnalysis(
            UUID conversationId, String sentiment, String category, String urgency, boolean abusive) {
        jdbc.sql("""
                        update conversation set sentiment = ?, category = ?, urgency = ?, abusive = abusive or ?
                         where id = ?
                        """)
                .params(sentiment, category, urgency, abusive, conversationId)
                .update();
        events.publishEvent(new ConversationChanged(Tenant.require(), conversationId, "analysis"));
    }

    /** An agent corrected a label of the latest analysis: the conversation follows. */
    public void correctSummary(UUID conversationId, String task, String label) {
        Object value = switch (task) {
            case "sentiment" -> Sentiment.of(label, "label").code();
            case "category" -> Category.of(label, "label").code();
            case "abusive" -> Boolean.valueOf(label);
            default -> null;
        };
        if (value == null) return;
        // The column name comes from the switch above, never from the caller.
        jdbc.sql("update conversation set " + task + " = ? where id = ?")
                .params(value, conversationId)
                .update();
        UUID workspace = Tenant.require();
        events.publishEvent(new LabelCorrected(workspace, conversationId, task, String.valueOf(value)));
        events.publishEvent(new ConversationChanged(workspace, conversationId, "analysis"));
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

    private boolean isMember(UUID userId) {
        return jdbc.sql("select exists (select 1 from membership where user_id = ? and enabled)")
                .param(userId)
                .query(Boolean.class)
                .single();
    }

    private void audit(String action, UUID conversationId, Object before, Object after) {
        events.publishEvent(new Audited(action, "conversation", conversationId.toString(), before, after));
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
