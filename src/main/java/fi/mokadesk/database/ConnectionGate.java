package fi.mokadesk.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fails fast while the database is known to be unreachable. Without it every request waits the pool's
 * whole connection timeout before it fails, so an outage would hold a web thread per request and fill
 * the server. Once the pool has timed out because new connections fail, the gate closes: every half second one
 * caller goes on to the pool as a probe, everyone else is refused at once; the first probe that gets a
 * connection opens the gate again, so the desk recovers by itself when the database is back.
 */
final class ConnectionGate {

    interface Opener {
        Connection open() throws SQLException;
    }

    /** Pause between probes, so that most callers during an outage are answered at once. */
    static final long PROBE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long nextProbe;

    Connection open(Opener pool) throws SQLException {
        boolean probe = false;
        if (closed) {
            if (System.nanoTime() - nextProbe < 0 || !probing.compareAndSet(false, true))
                throw new SQLTransientConnectionException("the database is unavailable (failing fast)", "08001");
            probe = true;
        }
        try {
            Connection connection = pool.open();
            closed = false;
            return connection;
        } catch (SQLTransientConnectionException timeout) {
            // The pool says why it timed out: with a cause, new connections failed (database away); without
            // one, every connection was merely busy, which is load, not an outage.
            if (timeout.getCause() != null) {
                nextProbe = System.nanoTime() + PROBE_PAUSE_NANOS;
                closed = true;
            }
            throw timeout;
        } finally {
            if (probe) probing.set(false);
        }
    }

    boolean closed() {
        return closed;
    }
}
