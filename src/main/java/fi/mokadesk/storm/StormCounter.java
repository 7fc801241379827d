package fi.mokadesk.storm;

import fi.mokadesk.conversation.MessageReceived;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.MessageAnalyzed;
import fi.mokadesk.listening.KeywordMentioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts messages per workspace, series and 5-minute bucket in memory, from the events ingest and analysis
 * publish anyway (no query per message), and adds the counts to {@code storm_count} every few seconds.
 * Each node adds its own counts, so a cluster sums up.
 */
@Component
class StormCounter implements SmartLifecycle {

    static final long BUCKET_SECONDS = 300;
    static final String CHANNEL = "channel:";
    static final String RULE = "rule:";
    static final String RULE_NEGATIVE = "rule-negative:";

    private static final Logger log = LoggerFactory.getLogger(StormCounter.class);

    record Key(UUID workspaceId, String series, long bucketSecond) {}

    private final Map<Key, Long> pending = new ConcurrentHashMap<>();
    private final RuleNegativeJoin ruleNegatives = new RuleNegativeJoin();
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final boolean background;
    private final long flushMillis;
    private ScheduledExecutorService timer;

    StormCounter(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            @Value("${mokadesk.storms.background:true}") boolean background,
            @Value("${mokadesk.storms.flush-millis:5000}") long flushMillis) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.background = background;
        this.flushMillis = flushMillis;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(MessageReceived message) {
        long bucket = bucketOf(message.receivedAt());
        count(message.workspaceId(), "all", bucket);
        count(message.workspaceId(), CHANNEL + message.channel(), bucket);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(MessageAnalyzed analysis) {
        long bucket = bucketOf(analysis.receivedAt());
        if ("negative".equals(analysis.sentiment())) {
            count(analysis.workspaceId(), "negative", bucket);
            countNegative(ruleNegatives.negative(analysis.messageId(), System.currentTimeMillis()));
        }
        if (analysis.abusive()) count(analysis.workspaceId(), "abusive", bucket);
    }

    /**
     * One series per keyword rule: a burst of mentions of one brand raises an alarm that names the rule. A
     * second series per rule counts the mentions the analysis found negative, so a brand talked about more
     * and more angrily stands out from a brand that is merely talked about (a campaign, a news item).
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(KeywordMentioned mention) {
        long bucket = bucketOf(mention.receivedAt());
        for (String rule : mention.rules()) count(mention.workspaceId(), RULE + rule, bucket);
        countNegative(ruleNegatives.mentioned(
                mention.messageId(), mention.workspaceId(), mention.rules(), bucket, System.currentTimeMillis()));
    }

    private void countNegative(RuleNegativeJoin.Pair pair) {
        if (pair == null) return;
        for (String rule : pair.rules()) count(pair.workspaceId(), RULE_NEGATIVE + rule, pair.bucket());
    }

    private void count(UUID workspace, String series, long bucket) {
        pending.merge(new Key(workspace, series, bucket), 1L, Long::sum);
    }

    /** Start of the bucket a message received at {@code at} falls into; the future counts as now. */
    static long bucketOf(Instant at) {
        long now = Instant.now().getEpochSecond();
        long second = at == null ? now : Math.min(at.getEpochSecond(), now);
        return Math.floorDiv(second, BUCKET_SECONDS) * BUCKET_SECONDS;
    }

    /** Adds what was counted since the last flush to the database; returns how many counts were written. */
    int flush() {
        ruleNegatives.sweep(System.currentTimeMillis());
        Map<UUID, List<Map.Entry<Key, Long>>> byWorkspace = new HashMap<>();
        for (Key key : List.copyOf(pending.keySet())) {
            Long n = pending.remove(key);
            if (n != null && n > 0) {
                byWorkspace
                        .computeIfAbsent(key.workspaceId(), k -> new ArrayList<>())
                        .add(Map.entry(key, n));
            }
        }
        int written = 0;
        for (var entry : byWorkspace.entrySet()) {
            List<Map.Entry<Key, Long>> counts = entry.getValue();
            try {
                Tenant.run(entry.getKey(), () -> transaction.executeWithoutResult(status -> write(counts)));
                written += counts.size();
            } catch (RuntimeException e) {
                // keep the counts for the next flush
                counts.forEach(c -> pending.merge(c.getKey(), c.getValue(), Long::sum));
                log.warn("Could not store storm counts of workspace {}: {}", entry.getKey(), e.getMessage());
            }
        }
        return written;
    }

    private void write(List<Map.Entry<Key, Long>> counts) {
        String[] series = new String[counts.size()];
        long[] buckets = new long[counts.size()];
        long[] values = new long[counts.size()];
        for (int i = 0; i < counts.size(); i++) {
            series[i] = counts.get(i).getKey().series();
            buckets[i] = counts.get(i).getKey().bucketSecond();
            values[i] = counts.get(i).getValue();
        }
        jdbc.sql("""
                        insert into storm_count (workspace_id, series, bucket_start, count)
                        select current_workspace(), s, to_timestamp(b), c
                          from unnest(?::text[], ?::bigint[], ?::bigint[]) as t(s, b, c)
                        on conflict (workspace_id, series, bucket_start)
                        do update set count = storm_count.count + excluded.count
                        """).params(series, buckets, values).update();
        // a series seen for the first time becomes known to detection
        jdbc.sql("""
                        insert into storm_series (workspace_id, series, last_bucket, state)
                        select distinct current_workspace(), s, 'epoch'::timestamptz, '\\x'::bytea
                          from unnest(?::text[]) as t(s)
                        on conflict do nothing
                        """).param(series).update();
    }

    @Override
    public void start() {
        if (!background) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storm-counts");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Storm count flush failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdown();
            timer = null;
            flushQuietly();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
