package fi.mokadesk.conversation;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.LabelCorrected;
import fi.mokadesk.kernel.MessageAnalyzed;
import java.sql.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The analysis labels a conversation shows and filters by, kept from the analysis module's events: each
 * customer message's labels ({@code message_label}) and the conversation's summary (sentiment, category,
 * urgency and abuse of its latest customer message) that the inbox filters and sorts by.
 */
@Component
class MessageLabels implements MessageInsights {

    private final JdbcClient jdbc;
    private final TransactionTemplate separately;
    private final ApplicationEventPublisher events;

    MessageLabels(JdbcClient jdbc, PlatformTransactionManager transactions, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.events = events;
    }

    /**
     * The message's labels, in the analysis' own transaction: they are stored exactly when the analysis is.
     * An analysis batch of hundreds of messages writes them in one statement just before it commits, and the
     * conversations' summaries in one short transaction after it.
     */
    @EventListener
    void store(MessageAnalyzed a) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            insert(List.of(a));
            summarise(List.of(a));
            return;
        }
        batch().add(a);
    }

    private final Object batchKey = new Object();

    @SuppressWarnings("unchecked")
    private List<MessageAnalyzed> batch() {
        List<MessageAnalyzed> batch = (List<MessageAnalyzed>) TransactionSynchronizationManager.getResource(batchKey);
        if (batch != null) return batch;
        List<MessageAnalyzed> fresh = new ArrayList<>();
        TransactionSynchronizationManager.bindResource(batchKey, fresh);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                insert(fresh);
            }

            @Override
            public void afterCommit() {
                summarise(fresh);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(batchKey);
            }
        });
        return fresh;
    }

    private void insert(List<MessageAnalyzed> labels) {
        if (labels.isEmpty()) return;
        Map<UUID, List<MessageAnalyzed>> byWorkspace = byWorkspace(labels);
        byWorkspace.forEach((workspace, list) -> Tenant.run(workspace, () -> {
            int n = list.size();
            String[] message = new String[n], language = new String[n], sentiment = new String[n];
            String[] category = new String[n], abusive = new String[n], urgency = new String[n];
            String[] cues = new String[n], why = new String[n];
            for (int i = 0; i < n; i++) {
                MessageAnalyzed a = list.get(i);
                message[i] = a.messageId().toString();
                language[i] = a.language();
                sentiment[i] = a.sentiment();
                category[i] = a.category();
                abusive[i] = String.valueOf(a.abusive());
                urgency[i] = a.urgency();
                // one text per message: the cues joined by a separator no cue contains
                cues[i] = String.join("\u001f", a.urgencyCues());
                why[i] = a.why();
            }
            jdbc.sql("""
                            insert into message_label (workspace_id, message_id, language, sentiment, category, abusive,
                                                       urgency, urgency_cues, why)
                            select ?, t.message_id, t.language, t.sentiment, t.category, t.abusive, t.urgency,
                                   case when t.cues = '' then '{}'::text[] else string_to_array(t.cues, E'\\x1f') end,
                                   t.why
                              from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[],
                                          ?::text[])
                                   as t(message_id, language, sentiment, category, abusive, urgency, cues, why)
                             -- only for a message that exists (no foreign key: see V36)
                             where exists (select 1 from message m where m.id = t.message_id)
                            on conflict (workspace_id, message_id) do nothing
                            """)
                    .params(workspace, message, language, sentiment, category, abusive, urgency, cues, why)
                    .update();
        }));
    }

    /**
     * The conversations' summaries follow once the analysis is stored, in one short transaction per workspace:
     * the analysis transaction holds hundreds of messages, and holding their conversation rows that long would
     * stall ingest writing to the same rows. A conversation with several analysed messages takes the latest
     * one's labels and stays abusive if any was.
     *
     * <p>Usually there is nothing to do: ingest wrote the summary with the conversation row from the same
     * analysis ({@link MessageReader}, {@link MessageAnalyzed#summarisedAtIngest}). For the rest (a reading
     * that failed, the catch-up job) only conversations whose summary differs are locked and written, and an
     * older message's analysis that arrives after a newer message was stored changes nothing but the abuse flag.
     */
    private void summarise(List<MessageAnalyzed> analysed) {
        // An analysis that ingest already summarised from is skipped without a statement: re-applying it could
        // only undo what changed since (an agent's correction of the label in the second between).
        List<MessageAnalyzed> left =
                analysed.stream().filter(a -> !a.summarisedAtIngest()).toList();
        if (left.isEmpty()) return;
        byWorkspace(left).forEach((workspace, list) -> {
            Map<UUID, MessageAnalyzed> latest = new HashMap<>();
            Map<UUID, Boolean> abusive = new HashMap<>();
            for (MessageAnalyzed a : list) {
                latest.merge(a.conversationId(), a, (x, y) -> later(x, y));
                abusive.merge(a.conversationId(), a.abusive(), Boolean::logicalOr);
            }
            Tenant.run(
                    workspace,
                    () -> separately.executeWithoutResult(status -> {
                        // Rows are locked in the order ingest locks them (IngestWriter.LOCK_ORDER): an update joined
                        // to a list takes its rows in whatever order the plan visits them, and a batch of comments on
                        // the same few posts then deadlocked with the ingest writer.
                        String latestMessage = "(t.received_at is null or c.last_inbound_at is null"
                                + " or t.received_at >= c.last_inbound_at)";
                        List<UUID> changing = jdbc.sql("""
                                select c.id
                                  from conversation c
                                  join unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[])
                                       as t(id, sentiment, category, urgency, abusive, received_at) on c.id = t.id
                                 where (%s and (c.sentiment, c.category, c.urgency)
                                                  is distinct from (t.sentiment, t.category, t.urgency))
                                    or (t.abusive and not c.abusive)
                                 order by c.channel collate "C", c.thread_key collate "C"
                                   for no key update of c
                                """.formatted(latestMessage))
                                .params(summaries(latest.values(), abusive))
                                .query(UUID.class)
                                .list();
                        if (changing.isEmpty()) return;
                        // The rows are locked now: the same test of which message is the latest holds for the update.
                        jdbc.sql("""
                                update conversation c
                                   set sentiment = case when %1$s then t.sentiment else c.sentiment end,
                                       category = case when %1$s then t.category else c.category end,
                                       urgency = case when %1$s then t.urgency else c.urgency end,
                                       abusive = c.abusive or t.abusive
                                  from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[])
                                       as t(id, sentiment, category, urgency, abusive, received_at)
                                 where c.id = t.id
                                """.formatted(latestMessage))
                                .params(summaries(
                                        changing.stream().map(latest::get).toList(), abusive))
                                .update();
                        for (UUID conversation : changing)
                            events.publishEvent(new ConversationChanged(workspace, conversation, "analysis"));
                    }));
        });
    }

    /**
     * The statement parameters of {@link #summarise}: conversation ids, sentiments, categories, urgencies,
     * abuse flags (any analysed message of the conversation) and when each message was received.
     */
    private static Object[] summaries(java.util.Collection<MessageAnalyzed> analyses, Map<UUID, Boolean> abusive) {
        int n = analyses.size();
        String[] id = new String[n], sentiment = new String[n], category = new String[n], urgency = new String[n];
        String[] isAbusive = new String[n], received = new String[n];
        int i = 0;
        for (MessageAnalyzed a : analyses) {
            id[i] = a.conversationId().toString();
            sentiment[i] = a.sentiment();
            category[i] = a.category();
            urgency[i] = a.urgency();
            isAbusive[i] = abusive.get(a.conversationId()).toString();
            received[i] = a.receivedAt() == null ? null : a.receivedAt().toString();
            i++;
        }
        return new Object[] {id, sentiment, category, urgency, isAbusive, received};
    }

    /** Of two analyses of one conversation, the one of the later message (the later in the batch on a tie). */
    private static MessageAnalyzed later(MessageAnalyzed x, MessageAnalyzed y) {
        if (x.receivedAt() == null || y.receivedAt() == null) return y;
        return y.receivedAt().isBefore(x.receivedAt()) ? x : y;
    }

    private static Map<UUID, List<MessageAnalyzed>> byWorkspace(List<MessageAnalyzed> analysed) {
        Map<UUID, List<MessageAnalyzed>> byWorkspace = new LinkedHashMap<>();
        for (MessageAnalyzed a : analysed)
            byWorkspace.computeIfAbsent(a.workspaceId(), k -> new ArrayList<>()).add(a);
        return byWorkspace;
    }

    /** An agent's correction, in the correcting transaction: the message's label and the summary follow. */
    @EventListener
    void correct(LabelCorrected c) {
        Object value = switch (c.task()) {
            case "sentiment" -> Sentiment.of(c.label(), "label").code();
            case "category" -> Category.of(c.label(), "label").code();
            case "abusive" -> Boolean.valueOf(c.label());
            default -> null;
        };
        if (value == null) return;
        // Column names come from the switch above, never from the event.
        jdbc.sql("update message_label set " + c.task() + " = ?,"
                        + " corrected = array_append(array_remove(corrected, ?), ?)"
                        + " where message_id = ?")
                .params(value, c.task(), c.task(), c.messageId())
                .update();
        jdbc.sql("update conversation set " + c.task() + " = ? where id = ?")
                .params(value, c.conversationId())
                .update();
        events.publishEvent(new ConversationChanged(c.workspaceId(), c.conversationId(), "analysis"));
    }

    @Override
    public Map<UUID, Insight> of(Collection<UUID> messageIds) {
        Map<UUID, Insight> result = new HashMap<>();
        jdbc.sql("""
                        select message_id, language, sentiment, category, abusive, urgency, urgency_cues, why, corrected
                          from message_label where message_id = any(?::uuid[])
                        """)
                .param(messageIds.stream().map(UUID::toString).toArray(String[]::new))
                .query(rs -> {
                    result.put(
                            rs.getObject(1, UUID.class),
                            new Insight(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getBoolean(5),
                                    rs.getString(6),
                                    strings(rs.getArray(7)),
                                    rs.getString(8),
                                    strings(rs.getArray(9))));
                });
        return result;
    }

    private static List<String> strings(Array array) throws java.sql.SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
