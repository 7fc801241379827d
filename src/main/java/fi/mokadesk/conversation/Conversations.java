package fi.mokadesk.conversation;

import fi.mokadesk.conversation.Views.Change;
import fi.mokadesk.conversation.Views.ConversationDetail;
import fi.mokadesk.conversation.Views.ConversationSummary;
import fi.mokadesk.conversation.Views.Filter;
import fi.mokadesk.conversation.Views.Page;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The conversation module's front door: ingest (group commit, see {@link IngestWriter}) and a thin layer over
 * the inbox queries ({@link Inbox}) and the changes ({@link ConversationCommands}).
 */
@Service
public class Conversations implements org.springframework.beans.factory.DisposableBean {

    static final int MAX_TEXT = 20_000;
    /** The most conversations one page of the inbox holds. */
    public static final int MAX_PAGE = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final Inbox inbox;
    private final ConversationCommands commands;
    private final Counter ingested;
    private final Timer ingestLatency;
    private final IngestWriter writer;

    Conversations(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            Inbox inbox,
            ConversationCommands commands,
            org.springframework.beans.factory.ObjectProvider<MessageReader> reader,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.inbox = inbox;
        this.commands = commands;
        this.ingested = Counter.builder("mokadesk.messages.ingested")
                .description("Customer messages stored (re-deliveries not counted)")
                .register(meters);
        this.ingestLatency = Timer.builder("mokadesk.ingest.latency")
                .description("Time to store one inbound message")
                .publishPercentileHistogram()
                .register(meters);
        this.writer = new IngestWriter(jdbc, transaction, this::published, reader.getIfAvailable(), 2);
    }

    // --- ingest -----------------------------------------------------------------------------------------

    /**
     * Stores a customer message in the current workspace, idempotently: the same (channel, externalId)
     * again returns the stored ids and changes nothing.
     */
    public Ingested ingest(InboundMessage raw) {
        return ingest(raw, null);
    }

    /**
     * {@link #ingest(InboundMessage)}, and the caller's own row about the message written in the same
     * transaction ({@code kept}, may be null): when this answers {@code created}, both are stored; when it
     * answers a re-delivery (not created) or fails, the row was not written.
     */
    public Ingested ingest(InboundMessage raw, KeptAlongside<?> kept) {
        Access.require(Role.AGENT);
        InboundMessage message = Ingest.validate(raw);
        Timer.Sample sample = Timer.start();
        try {
            Ingested result = writer.submit(Tenant.require(), message, kept);
            if (result.created()) ingested.increment();
            return result;
        } finally {
            sample.stop(ingestLatency);
        }
    }

    /** One message of {@link #ingestAll}: its ids when stored (or known), else why it was not. */
    public record Batched(Ingested stored, RuntimeException failure) {}

    /**
     * Stores many customer messages of the current workspace together, idempotently like {@link #ingest}:
     * one transaction per batch of up to 256, written on the caller's thread, so a caller holding a chunk of
     * messages (a mailbox import) commits them in a few statements. Answers in the order given; a message
     * that is refused ({@code InvalidInput}) or could not be written has its failure instead, and the others
     * are stored all the same. Every answer is durable when this returns.
     */
    public List<Batched> ingestAll(List<InboundMessage> raw) {
        Access.require(Role.AGENT);
        UUID workspace = Tenant.require();
        Batched[] answers = new Batched[raw.size()];
        List<InboundMessage> valid = new java.util.ArrayList<>();
        List<Integer> positions = new java.util.ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                valid.add(Ingest.validate(raw.get(i)));
                positions.add(i);
            } catch (RuntimeException refused) {
                answers[i] = new Batched(null, refused);
            }
        }
        Timer.Sample sample = Timer.start();
        var results = writer.writeNow(workspace, valid);
        sample.stop(ingestLatency);
        for (int j = 0; j < results.size(); j++) {
            Batched answer;
            try {
                Ingested result = results.get(j).join();
                if (result.created()) ingested.increment();
                answer = new Batched(result, null);
            } catch (java.util.concurrent.CompletionException e) {
                answer = new Batched(
                        null,
                        e.getCause() instanceof RuntimeException runtime
                                ? runtime
                                : new IllegalStateException(e.getCause()));
            }
            answers[positions.get(j)] = answer;
        }
        return List.of(answers);
    }

    /**
     * The message as {@link #ingest} would store it, checked by the same rules and stored nowhere: for health
     * checks (the contact form's canaries) that must go as far as a conversation would be created and no
     * further, so they never show in the inbox, its counts or reports.
     */
    public InboundMessage check(InboundMessage raw) {
        Access.require(Role.AGENT);
        return Ingest.validate(raw);
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

    public Page<ConversationSummary> list(Filter filter, String cursor, int limit) {
        return inbox.list(filter, cursor, limit);
    }

    public ConversationDetail get(UUID id) {
        return inbox.get(id);
    }

    /** Where these conversations stand against their SLA (empty without SLA timers). */
    public Map<UUID, ServiceLevels.ServiceLevel> serviceLevels(List<UUID> conversationIds) {
        return inbox.serviceLevels(conversationIds);
    }

    /** Remembers that the current person has seen the conversation up to now. */
    public void markRead(UUID conversationId) {
        inbox.markRead(conversationId);
    }

    public List<Map<String, Object>> members() {
        return inbox.members();
    }

    /** The channels the inbox can be filtered by: the catalogue Mokadesk accepts messages from. */
    public List<String> channels() {
        return inbox.channels();
    }

    // --- changes ----------------------------------------------------------------------------------------

    /** A reply to the customer (leaves through the conversation's channel) or an internal note. */
    @Transactional
    public UUID write(UUID conversationId, String text, boolean note) {
        return commands.write(conversationId, text, note);
    }

    /** Status (by the rules of {@link ConversationStatus}), priority, assignee and tags; any subset. */
    @Transactional
    public ConversationSummary change(UUID conversationId, Change change) {
        return commands.change(conversationId, change);
    }

    /** Hides a message from the public view; it stays stored and visible to staff with who, when and why. */
    @Transactional
    public void hide(UUID messageId, String reason) {
        commands.hide(messageId, reason);
    }
}
