package fi.mokadesk.conversation;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.LabelCorrected;
import fi.mokadesk.kernel.MessageAnalyzed;
import java.sql.Array;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
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

    /** The message's labels, in the analysis' own transaction: they are stored exactly when the analysis is. */
    @EventListener
    void store(MessageAnalyzed a) {
        jdbc.sql("""
                        insert into message_label (workspace_id, message_id, language, sentiment, category, abusive,
                                                   urgency, urgency_cues, why)
                        values (?, ?, ?, ?, ?, ?, ?, ?::text[], ?)
                        on conflict (workspace_id, message_id) do nothing
                        """)
                .params(
                        a.workspaceId(),
                        a.messageId(),
                        a.language(),
                        a.sentiment(),
                        a.category(),
                        a.abusive(),
                        a.urgency(),
                        a.urgencyCues().toArray(String[]::new),
                        a.why())
                .update();
    }

    /**
     * The conversation's summary follows once the analysis is stored, one short transaction of its own: the
     * analysis batch holds hundreds of messages, and holding their conversation rows that long would stall
     * ingest writing to the same rows.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void summarise(MessageAnalyzed a) {
        Tenant.run(
                a.workspaceId(),
                () -> separately.executeWithoutResult(status -> {
                    jdbc.sql("""
                            update conversation set sentiment = ?, category = ?, urgency = ?, abusive = abusive or ?
                             where id = ?
                            """)
                            .params(a.sentiment(), a.category(), a.urgency(), a.abusive(), a.conversationId())
                            .update();
                    events.publishEvent(new ConversationChanged(a.workspaceId(), a.conversationId(), "analysis"));
                }));
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
