package fi.mokadesk.storm;

import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * One past storm for a demo workspace, so a newcomer sees on the storms page what an alarm looks like: two
 * days of negative messages per 5 minutes with a daily rhythm, what the detector expected and its alarm
 * band, and a spike three hours ago about a cake that was not ready. The counts are drawn, not measured;
 * detection goes on from now as in any workspace.
 */
@Component
public class ExampleStorm {

    static final String SERIES = "negative";
    private static final int HOURS = 48;

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    ExampleStorm(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the example into the current workspace (an admin's or the system's doing). */
    @Transactional
    public void seed(Instant now) {
        Access.require(Role.ADMIN);
        long bucket = StormWatch.BUCKET.toSeconds();
        long last = now.getEpochSecond() / bucket * bucket - bucket;
        int n = (int) (HOURS * 3600 / bucket);
        long spikeStart = last - 3 * 3600;
        long[] starts = new long[n];
        long[] counts = new long[n];
        double[] expected = new double[n];
        double[] bands = new double[n];
        // The same numbers every time: a fixed, small pseudo-random wobble around the daily rhythm.
        long wobble = 7;
        long peak = 0;
        long total = 0;
        double totalExpected = 0;
        int stormBuckets = 0;
        for (int i = 0; i < n; i++) {
            long start = last - (long) (n - 1 - i) * bucket;
            int hour = Instant.ofEpochSecond(start)
                    .atZone(ZoneId.of("Europe/Helsinki"))
                    .getHour();
            double base = hour >= 8 && hour < 21 ? 1.4 : 0.25;
            wobble = (wobble * 1103515245 + 12345) & 0x7fffffff;
            long count = Math.max(0, Math.round(base + ((wobble % 100) / 100.0 - 0.5) * 1.6));
            long into = (start - spikeStart) / bucket;
            if (start >= spikeStart && into < 10) {
                long[] spike = {5, 9, 16, 23, 21, 15, 11, 7, 5, 3};
                count = spike[(int) into];
                peak = Math.max(peak, count);
                total += count;
                totalExpected += base;
                stormBuckets++;
            }
            starts[i] = start;
            counts[i] = count;
            expected[i] = base;
            bands[i] = base + 3 * Math.sqrt(base) + 1;
        }
        jdbc.sql("""
                        insert into storm_count (workspace_id, series, bucket_start, count, expected, upper_band)
                        select current_workspace(), ?, to_timestamp(b), c, e, u
                          from unnest(?::bigint[], ?::bigint[], ?::float8[], ?::float8[]) as t(b, c, e, u)
                        on conflict do nothing
                        """).params(SERIES, starts, counts, expected, bands).update();
        // detection carries on from the last drawn bucket with a fresh detector
        jdbc.sql("""
                        insert into storm_series (workspace_id, series, last_bucket, state)
                        values (current_workspace(), ?, to_timestamp(?), '\\x'::bytea) on conflict do nothing
                        """).params(SERIES, last).update();
        Instant onset = Instant.ofEpochSecond(spikeStart);
        List<Map<String, Object>> terms = List.of(
                Map.of("term", "kakku", "count", 41),
                Map.of("term", "synttärit", "count", 23),
                Map.of("term", "tilaus", "count", 19),
                Map.of("term", "pilalla", "count", 12));
        jdbc.sql("""
                        insert into storm (workspace_id, id, series, onset, last_bucket, state, magnitude, expected,
                                           observed, upper_band, peak_count, total_observed, total_expected, buckets,
                                           top_terms, top_conversations, ended_at)
                        values (current_workspace(), ?, ?, ?, ?, 'ended', ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, '[]'::jsonb, ?)
                        """)
                .params(
                        UUID.randomUUID(),
                        SERIES,
                        StormWindow.utc(onset),
                        StormWindow.utc(onset.plus(Duration.ofSeconds(bucket * (stormBuckets - 1)))),
                        peak / 1.4,
                        1.4,
                        peak,
                        1.4 + 3 * Math.sqrt(1.4) + 1,
                        peak,
                        total,
                        totalExpected,
                        stormBuckets,
                        json.writeValueAsString(terms),
                        StormWindow.utc(onset.plus(Duration.ofSeconds(bucket * stormBuckets))))
                .update();
    }
}
