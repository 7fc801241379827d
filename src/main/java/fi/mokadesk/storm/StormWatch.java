package fi.mokadesk.storm;

import fi.mokadesk.conversation.CustomerMessages;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.workspace.Access;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every series' detector over the buckets that have closed since it last ran, and turns its alarms
 * into storms. Cluster-safe: due series are found across workspaces by a database function, each is
 * handled inside its workspace under a row lock, and a detector's state lives in {@code storm_series}.
 */
@Component
class StormWatch {

    static final Duration BUCKET = Duration.ofSeconds(StormCounter.BUCKET_SECONDS);

    private static final Logger log = LoggerFactory.getLogger(StormWatch.class);

    record Due(UUID workspaceId, String series) {}

    private final JdbcClient jdbc;
    private final CustomerMessages messages;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final StormDetector.Settings settings;
    private final Duration grace;
    private final JsonMapper json = JsonMapper.builder().build();

    StormWatch(
            JdbcClient jdbc,
            CustomerMessages messages,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            @Value("${mokadesk.storms.zone:Europe/Helsinki}") String zone,
            @Value("${mokadesk.storms.grace-seconds:20}") long graceSeconds) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.transaction = transaction;
        this.events = events;
        this.settings = StormDetector.Settings.forBucket(BUCKET).withZone(ZoneId.of(zone));
        this.grace = Duration.ofSeconds(graceSeconds);
    }

    /** The start of the newest bucket that has closed by {@code now} (counts get a grace period to arrive). */
    Instant lastClosedBucket(Instant now) {
        long current = Math.floorDiv(now.minus(grace).getEpochSecond(), BUCKET.getSeconds()) * BUCKET.getSeconds();
        return Instant.ofEpochSecond(current).minus(BUCKET);
    }

    /** Feeds every due series its closed buckets; returns how many series were handled. */
    int detect(Instant now) {
        Instant lastClosed = lastClosedBucket(now);
        List<Due> due = jdbc.sql("select workspace_id, series from storm_due_series(?)")
                .param(StormWindow.utc(lastClosed))
                .query((rs, i) -> new Due(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        int handled = 0;
        for (Due d : due) {
            try {
                Access.runAs(
                        Access.system(d.workspaceId(), "storm"),
                        () -> transaction.executeWithoutResult(status -> process(d.series(), lastClosed)));
                handled++;
            } catch (RuntimeException e) {
                log.warn(
                        "Storm detection failed for {} in workspace {}: {}", d.series(), d.workspaceId(), e.toString());
            }
        }
        return handled;
    }

    private record Point(Instant bucket, long count, double expected, double upper, double score) {}

    private void process(String series, Instant lastClosed) {
        // the row lock serialises nodes working on the same series
        Map<String, Object> row = jdbc.sql("select last_bucket, state from storm_series where series = ? for update")
                .param(series)
                .query()
                .singleRow();
        byte[] state = (byte[]) row.get("state");
        // the workspace's sensitivity sets the alarm level; the learned state does not depend on it
        StormDetector.Settings settings = this.settings.withFalseAlarmsPerWeek(
                StormSettings.load(jdbc).sensitivity().falseAlarmsPerWeek());
        Instant from;
        StormDetector detector;
        if (state.length == 0) {
            Instant first = jdbc.sql("""
                            select min(bucket_start) from storm_count
                             where series = ? and bucket_start > ? and count > 0
                            """)
                    .params(series, StormWindow.utc(lastClosed.minus(Duration.ofDays(1))))
                    .query(java.time.OffsetDateTime.class)
                    .optional()
                    .map(java.time.OffsetDateTime::toInstant)
                    .orElse(null);
            if (first == null || first.isAfter(lastClosed)) {
                // nothing recent to start from: look again when the next bucket closes
                jdbc.sql("update storm_series set last_bucket = ?, updated_at = now() where series = ?")
                        .params(StormWindow.utc(lastClosed), series)
                        .update();
                return;
            }
            from = first;
            detector = new StormDetector(settings);
        } else {
            from = ((java.sql.Timestamp) row.get("last_bucket")).toInstant().plus(BUCKET);
            detector = StormDetector.restore(settings, state);
        }
        if (from.isAfter(lastClosed)) return;

        Map<Instant, Long> counts = new HashMap<>();
        jdbc.sql(
                        "select bucket_start, count from storm_count where series = ? and bucket_start >= ? and bucket_start <= ?")
                .params(series, StormWindow.utc(from), StormWindow.utc(lastClosed))
                .query(rs -> {
                    counts.put(rs.getTimestamp(1).toInstant(), rs.getLong(2));
                });

        List<Point> points = new ArrayList<>();
        Map<Instant, StormAlarm> storms = new LinkedHashMap<>();
        List<Instant> opened = new ArrayList<>();
        for (Instant bucket = from; !bucket.isAfter(lastClosed); bucket = bucket.plus(BUCKET)) {
            long count = counts.getOrDefault(bucket, 0L);
            StormResult r = detector.update(bucket, count);
            points.add(new Point(bucket, count, r.expected(), r.upperBand(), r.score()));
            if (r.storm() != null) {
                storms.put(r.storm().onset(), r.storm());
                if (r.alarm()) opened.add(r.storm().onset());
            }
        }
        savePoints(series, points);
        jdbc.sql(
                        "update storm_series set last_bucket = ?, state = ?, in_storm = ?, updated_at = now() where series = ?")
                .params(StormWindow.utc(lastClosed), detector.snapshot(), detector.inStorm(), series)
                .update();
        for (var storm : storms.entrySet()) {
            if (opened.contains(storm.getKey())) open(series, storm.getValue(), settings.falseAlarmsPerWeek());
            else update(series, storm.getValue());
        }
    }

    private void savePoints(String series, List<Point> points) {
        int n = points.size();
        long[] buckets = new long[n];
        long[] counts = new long[n];
        double[] expected = new double[n];
        double[] upper = new double[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            buckets[i] = p.bucket().getEpochSecond();
            counts[i] = p.count();
            expected[i] = p.expected();
            upper[i] = p.upper();
            score[i] = p.score();
        }
        jdbc.sql("""
                        insert into storm_count (workspace_id, series, bucket_start, count, expected, upper_band, score)
                        select current_workspace(), ?, to_timestamp(b), 0, e, u, s
                          from unnest(?::bigint[], ?::float8[], ?::float8[], ?::float8[]) as t(b, e, u, s)
                        on conflict (workspace_id, series, bucket_start)
                        do update set expected = excluded.expected, upper_band = excluded.upper_band,
                                      score = excluded.score
                        """).params(series, buckets, expected, upper, score).update();
    }

    private Instant windowEnd(StormAlarm alarm) {
        return alarm.lastBucket().plus(BUCKET);
    }

    private void open(String series, StormAlarm alarm, double falseAlarmsPerWeek) {
        UUID id = UUID.randomUUID();
        Instant until = windowEnd(alarm);
        List<StormWindow.Term> terms = StormWindow.topTerms(messages, series, alarm.onset(), until);
        List<StormWindow.Spike> spikes = StormWindow.busiestConversations(messages, series, alarm.onset(), until);
        boolean ended = alarm.phase() == StormAlarm.Phase.ENDED;
        jdbc.sql("""
                        insert into storm (workspace_id, id, series, onset, last_bucket, state, magnitude, expected,
                                           observed, upper_band, peak_count, total_observed, total_expected, buckets,
                                           top_terms, top_conversations, ended_at, false_alarms_per_week)
                        values (current_workspace(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)
                        """)
                .params(
                        id,
                        series,
                        StormWindow.utc(alarm.onset()),
                        StormWindow.utc(alarm.lastBucket()),
                        ended ? "ended" : "open",
                        alarm.peakRatio(),
                        alarm.expected(),
                        alarm.observed(),
                        alarm.upperBand(),
                        alarm.peakCount(),
                        alarm.totalObserved(),
                        alarm.totalExpected(),
                        alarm.buckets(),
                        json.writeValueAsString(terms),
                        json.writeValueAsString(spikes),
                        ended ? StormWindow.utc(until) : null,
                        falseAlarmsPerWeek)
                .update();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("series", series);
        summary.put("onset", alarm.onset().toString());
        summary.put("magnitude", Math.round(alarm.peakRatio() * 10) / 10.0);
        summary.put("observed", alarm.observed());
        summary.put("expected", Math.round(alarm.expected() * 100) / 100.0);
        events.publishEvent(new Audited("storm.detected", "storm", id.toString(), null, summary));
        events.publishEvent(new StormDetected(
                Access.require().workspaceId(),
                id,
                series,
                alarm.onset(),
                alarm.peakRatio(),
                alarm.expected(),
                alarm.observed(),
                terms.stream().map(StormWindow.Term::term).toList(),
                spikes.stream().map(StormWindow.Spike::conversationId).toList()));
        log.info(
                "Storm in {} of workspace {}: {} messages where {} expected (onset {})",
                series,
                Access.require().workspaceId(),
                alarm.observed(),
                String.format(java.util.Locale.ROOT, "%.1f", alarm.expected()),
                alarm.onset());
    }

    private void update(String series, StormAlarm alarm) {
        boolean ended = alarm.phase() == StormAlarm.Phase.ENDED;
        Instant until = windowEnd(alarm);
        String terms = null;
        String spikes = null;
        if (ended) {
            // the final picture of the whole storm
            terms = json.writeValueAsString(StormWindow.topTerms(messages, series, alarm.onset(), until));
            spikes = json.writeValueAsString(StormWindow.busiestConversations(messages, series, alarm.onset(), until));
        }
        jdbc.sql("""
                        update storm set last_bucket = ?, state = ?, magnitude = ?, expected = ?, observed = ?,
                               upper_band = ?, peak_count = ?, total_observed = ?, total_expected = ?, buckets = ?,
                               top_terms = coalesce(?::jsonb, top_terms),
                               top_conversations = coalesce(?::jsonb, top_conversations),
                               ended_at = ?, updated_at = now()
                         where series = ? and onset = ?
                        """)
                .params(
                        StormWindow.utc(alarm.lastBucket()),
                        ended ? "ended" : "open",
                        alarm.peakRatio(),
                        alarm.expected(),
                        alarm.observed(),
                        alarm.upperBand(),
                        alarm.peakCount(),
                        alarm.totalObserved(),
                        alarm.totalExpected(),
                        alarm.buckets(),
                        terms,
                        spikes,
                        ended ? StormWindow.utc(until) : null,
                        series,
                        StormWindow.utc(alarm.onset()))
                .update();
    }
}
