package fi.mokadesk.channel;

import fi.mokadesk.conversation.ConversationChanged;
import fi.mokadesk.database.Tenant;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due outbox rows, each by the {@link OutboxSender} of its kind. A row is claimed into
 * {@code sending} (committed) before anything leaves, and its answer is written afterwards in a
 * transaction of its own: a node that stops in between leaves the row {@code sending}, and once the lease
 * runs out the next run marks it {@code uncertain} instead of sending it again — the receiver may have it.
 */
@Component
class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 10;
    private static final int MAX_PER_RUN = 500;
    /**
     * A held delivery is released as soon as its channel is healthy again ({@link Channels}); this is only
     * the fallback, for a channel fixed where the desk cannot see it. Each look costs no attempt.
     */
    static final Duration HELD_RECHECK = Duration.ofHours(1);

    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final Map<DeliveryKind, OutboxSender> senders = new EnumMap<>(DeliveryKind.class);
    private final Duration lease;

    @Autowired
    OutboxDispatcher(
            Outbox outbox,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            List<OutboxSender> senders,
            @Value("${mokadesk.outbox.lease:2m}") Duration lease) {
        this.outbox = outbox;
        this.transaction = transaction;
        this.events = events;
        for (OutboxSender sender : senders) this.senders.put(sender.kind(), sender);
        this.lease = lease;
    }

    /** Whether this node can send emails through the installation's mail server (else it leaves them). */
    private boolean deskMail() {
        return !(senders.get(DeliveryKind.MAIL) instanceof MailSender mail) || mail.configured();
    }

    /** Marks interrupted sends uncertain, then sends what is due now; returns how many were attempted. */
    int dispatchDue() {
        for (Outbox.Expired lost : outbox.expireLeases()) {
            log.warn(
                    "Outbox delivery {} ({}) of workspace {} was interrupted while sending; now uncertain",
                    lost.id(),
                    lost.kind().code(),
                    lost.workspaceId());
            if (lost.conversationId() != null) {
                Tenant.run(
                        lost.workspaceId(),
                        () -> transaction.executeWithoutResult(status -> events.publishEvent(
                                new ConversationChanged(lost.workspaceId(), lost.conversationId(), "delivery"))));
            }
        }
        // Small claims, so every claimed row is sent well within its lease even when each send takes the
        // full HTTP timeout; a busy outbox is drained by several claims per run.
        int attempted = 0;
        List<Outbox.Claimed> due;
        do {
            due = outbox.claim(BATCH, lease, deskMail());
            for (Outbox.Claimed claimed : due) Tenant.run(claimed.workspaceId(), () -> attempt(claimed));
            attempted += due.size();
        } while (due.size() == BATCH && attempted < MAX_PER_RUN);
        return attempted;
    }

    private void attempt(Outbox.Claimed claimed) {
        Optional<Outbox.Row> found = outbox.find(claimed.id());
        if (found.isEmpty() || found.get().state() != DeliveryState.SENDING) return;
        Outbox.Row row = found.get();
        OutboxSender sender = senders.get(row.kind());
        ChannelAdapter.Outcome outcome;
        try {
            outcome = sender == null
                    ? ChannelAdapter.Outcome.failed(
                            "nothing sends " + row.kind().code() + " deliveries")
                    : sender.send(row);
        } catch (RuntimeException e) {
            // A sender that throws broke its promise; what it did is unknown, so a person decides.
            log.error(
                    "Outbox delivery {} ({}) failed unexpectedly",
                    row.id(),
                    row.kind().code(),
                    e);
            outcome = ChannelAdapter.Outcome.uncertain(
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        ChannelAdapter.Outcome result = outcome;
        transaction.executeWithoutResult(status -> {
            boolean moved = record(row, result);
            if (moved && row.conversationId() != null) {
                events.publishEvent(new ConversationChanged(row.workspaceId(), row.conversationId(), "delivery"));
            }
        });
    }

    private boolean record(Outbox.Row row, ChannelAdapter.Outcome outcome) {
        String reason = outcome.reason();
        return switch (outcome.kind()) {
            case SENT -> outbox.move(row.id(), DeliveryState.SENDING, DeliveryState.SENT, null, null);
            case FAILED -> {
                log.warn(
                        "Outbox delivery {} ({}) failed: {}",
                        row.id(),
                        row.kind().code(),
                        reason);
                yield outbox.move(row.id(), DeliveryState.SENDING, DeliveryState.FAILED, reason, null);
            }
            case UNCERTAIN -> {
                log.warn(
                        "Outbox delivery {} ({}) is uncertain: {}",
                        row.id(),
                        row.kind().code(),
                        reason);
                yield outbox.move(row.id(), DeliveryState.SENDING, DeliveryState.UNCERTAIN, reason, null);
            }
            case HELD -> {
                log.warn(
                        "Outbox delivery {} ({}) waits for its channel to be fixed: {}",
                        row.id(),
                        row.kind().code(),
                        reason);
                yield outbox.hold(
                        row.id(), reason, OffsetDateTime.now(ZoneOffset.UTC).plus(HELD_RECHECK));
            }
            case RETRY -> {
                boolean giveUp = row.attempts() >= row.maxAttempts();
                log.warn(
                        "Outbox delivery {} ({}) failed (attempt {}{}): {}",
                        row.id(),
                        row.kind().code(),
                        row.attempts(),
                        giveUp ? ", giving up" : "",
                        reason);
                yield giveUp
                        ? outbox.move(row.id(), DeliveryState.SENDING, DeliveryState.FAILED, reason, null)
                        : outbox.move(
                                row.id(),
                                DeliveryState.SENDING,
                                DeliveryState.PENDING,
                                reason,
                                OffsetDateTime.now(ZoneOffset.UTC).plus(JsonPost.backoff(row.attempts())));
            }
        };
    }
}
