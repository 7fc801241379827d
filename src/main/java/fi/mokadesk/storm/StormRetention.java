package fi.mokadesk.storm;

import java.time.Instant;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code storm_count} small: 5-minute counts are kept for 13 months, older ones are rolled up to one
 * row per series and hour (totals kept). The detector only ever reads recent buckets, and the chart shows at
 * most two weeks.
 */
@Component
class StormRetention {

    static final int MONTHS = 13;

    private static final Logger log = LoggerFactory.getLogger(StormRetention.class);

    private final JdbcClient jdbc;

    StormRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Rolls up every workspace's 5-minute counts older than 13 months before {@code now}; returns the rows rolled up. */
    int rollUp(Instant now) {
        Instant before = now.atOffset(ZoneOffset.UTC).minusMonths(MONTHS).toInstant();
        int rolled = jdbc.sql("select storm_roll_up_counts(?)")
                .param(StormWindow.utc(before))
                .query(Integer.class)
                .single();
        if (rolled > 0) log.info("Rolled up {} storm counts older than {} to hours", rolled, before);
        return rolled;
    }
}
