package fi.mokadesk.conversation;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where conversations stand against their SLA, told by the SLA module, so conversations don't depend on
 * it: the conversation JSON carries it as {@code sla}, the inbox shows the running timer and sorts "most
 * urgent first" (sort=urgent).
 */
public interface ServiceLevels {

    /**
     * @param tier the customer's tier the conversation's latest timer started with: standard or key (a key
     *     account's tighter targets)
     * @param status active, hit, missed or paused
     * @param nextDueAt the earliest due time of the running timers (null when none runs)
     */
    record ServiceLevel(
            String policy,
            String tier,
            OffsetDateTime firstResponseDueAt,
            OffsetDateTime nextResponseDueAt,
            OffsetDateTime resolutionDueAt,
            String status,
            OffsetDateTime nextDueAt) {

        /** Minutes until the next due time (negative: overdue), or null when no timer runs. */
        public Long minutesLeft() {
            if (nextDueAt == null) return null;
            return Math.floorDiv(
                    Duration.between(Instant.now(), nextDueAt.toInstant()).toSeconds(), 60);
        }
    }

    Map<UUID, ServiceLevel> of(Collection<UUID> conversationIds);

    /** Conversations with running timers, the earliest due first, from {@code offset}. */
    List<UUID> mostUrgent(int offset, int limit);
}
