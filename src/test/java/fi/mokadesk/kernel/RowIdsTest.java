package fi.mokadesk.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Row ids in time order: UUID version 7, increasing, unique across threads, carrying their creation time. */
class RowIdsTest {

    @Test
    void idsAreVersion7AndIncreaseInPostgresqlsOrder() {
        UUID previous = RowIds.next();
        for (int i = 0; i < 10_000; i++) {
            UUID next = RowIds.next();
            assertThat(next.version()).isEqualTo(7);
            assertThat(next.variant()).isEqualTo(2);
            // PostgreSQL compares uuid values as unsigned bytes, the order of their lowercase text
            assertThat(next.toString()).isGreaterThan(previous.toString());
            previous = next;
        }
    }

    @Test
    void theFirst48BitsAreTheCreationTimeInMilliseconds() {
        long before = Instant.now().toEpochMilli();
        UUID id = RowIds.next();
        long after = Instant.now().toEpochMilli();
        long millis = id.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, after);
    }

    @Test
    void eightThreadsAtOnceNeverGetTheSameId() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<UUID>>> parts = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                parts.add(pool.submit(() -> {
                    List<UUID> ids = new ArrayList<>();
                    for (int i = 0; i < 5_000; i++) ids.add(RowIds.next());
                    return ids;
                }));
            }
            Set<UUID> all = Collections.synchronizedSet(new HashSet<>());
            for (Future<List<UUID>> part : parts) all.addAll(part.get());
            assertThat(all).hasSize(40_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
