package fi.mokadesk.database;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Analyses a table as soon as it has at least doubled since its statistics were taken.
 *
 * <p>Autovacuum re-analyses a table after a tenth of it changed, but looks only once a minute. That is
 * fine for a grown desk and wrong for a young one: a desk that connects a mailbox of ten thousand old mails,
 * or meets its first storm, grows its conversation, contact and message tables from nothing within
 * seconds, and until they are analysed the planner takes them for empty and joins them row by row. The
 * inbox's first page went from 10 ms to about a second during such an import (EmailImportBenchmark,
 * docs/PERFORMANCE.md). Checking every 10 s with the doubling rule analyses a table growing from nothing
 * a handful of times (at about 1,000, 2,000, 4,000 … rows, up to {@link #KNOWN_LARGE}) and a large table
 * never, so it costs nothing under a steady load. Asking autovacuum to look every 10 s instead cost 6–15 % of
 * the ingest throughput in a same-run comparison: it also re-analysed the large tables at every tenth of
 * their growth.
 */
final class FreshStatistics {

    private static final Logger log = LoggerFactory.getLogger(FreshStatistics.class);

    /** Below this many changes a table is left to autovacuum, whatever its statistics say. */
    static final int MIN_CHANGES = 1_000;

    /**
     * Tables whose statistics already count this many rows are left to autovacuum: the planner knows they are
     * large, which is what matters, and analysing them at every doubling would sample big tables under load.
     */
    static final int KNOWN_LARGE = 100_000;

    private final JdbcClient owner;

    FreshStatistics(OwnerDataSource owner) {
        this.owner = JdbcClient.create(owner);
    }

    /** Analyses the desk's tables, not yet known to be large, that at least doubled since their last analysis. */
    List<String> refresh() {
        // reltuples is -1 for a table never analysed
        List<String> stale = owner.sql("""
                        select format('%I.%I', s.schemaname, s.relname)
                          from pg_stat_user_tables s
                          join pg_class c on c.oid = s.relid
                         where s.schemaname = current_schema()
                           and c.reltuples < :large
                           and s.n_mod_since_analyze >= greatest(:min, c.reltuples)
                        """)
                .param("large", KNOWN_LARGE)
                .param("min", MIN_CHANGES)
                .query(String.class)
                .list();
        for (String table : stale) {
            // the name comes from the catalogue, quoted by format('%I')
            owner.sql("analyze " + table).update();
            log.debug("Analysed {}: it at least doubled since its statistics were taken", table);
        }
        return stale;
    }
}
