package fi.mokadesk.database;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure of the database itself (stopped, restarting, unreachable, too slow to answer) from a
 * failure of the request. The first is answered {@code 503} with {@code Retry-After}: the same request
 * can succeed a few seconds later, when the database is back.
 */
public final class DatabaseUnavailable {

    /** How long a client should wait before trying again: about one watchdog round and a restart. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /**
     * PostgreSQL's own words for "not now": shutting down, starting up or in recovery, too many
     * connections, and a statement cancelled by the statement timeout.
     */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300", "57014");

    private DatabaseUnavailable() {}

    /** Whether {@code failure}, or anything that caused it, says the database cannot serve right now. */
    public static boolean explains(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof DataAccessResourceFailureException // includes CannotGetJdbcConnectionException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof QueryTimeoutException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLTimeoutException
                    || t instanceof ConnectException) return true;
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // class 08: connection exception (refused, broken, closed)
                if (state.startsWith("08") || STATES.contains(state)) return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }
}
