package fi.mokadesk.channel.email;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Cluster-wide locks per mailbox, so that one node at a time imports a mailbox and one node at a time keeps
 * its IDLE connection, whichever job or watcher asks. They are PostgreSQL session advisory locks held on one
 * connection of this node: when the node dies, its database session ends and the locks go with it, so a
 * crash never leaves a mailbox locked. A lost connection drops every lock of the node; {@link #held} tells
 * a watcher to stop, and an import that lost its lock meanwhile is still safe (the dedupe keys make a second
 * import of the same mail a no-op).
 */
@Component
class MailboxLocks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MailboxLocks.class);

    enum Purpose {
        IMPORT,
        IDLE
    }

    private final DataSource dataSource;
    private final Set<String> held = new HashSet<>();
    private Connection connection;

    MailboxLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes the lock if nobody in the cluster holds it; false when another node (or this one) has it. */
    synchronized boolean tryLock(Purpose purpose, UUID channelId) {
        String name = name(purpose, channelId);
        if (held.contains(name)) return false;
        try {
            Connection c = connection();
            try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_lock(hashtextextended(?, 0))")) {
                lock.setString(1, name);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) return false;
                }
            }
            held.add(name);
            return true;
        } catch (SQLException e) {
            log.warn("Mailbox lock {} could not be taken: {}", name, e.toString());
            reset();
            return false;
        }
    }

    synchronized void unlock(Purpose purpose, UUID channelId) {
        String name = name(purpose, channelId);
        if (!held.remove(name) || connection == null) return;
        try (PreparedStatement unlock =
                connection.prepareStatement("select pg_advisory_unlock(hashtextextended(?, 0))")) {
            unlock.setString(1, name);
            unlock.execute();
        } catch (SQLException e) {
            // The session is gone, and its locks with it.
            reset();
        }
    }

    /** Whether this node still holds the lock (its connection may have been lost meanwhile). */
    synchronized boolean held(Purpose purpose, UUID channelId) {
        if (!held.contains(name(purpose, channelId))) return false;
        try {
            if (connection != null && connection.isValid(2)) return true;
        } catch (SQLException e) {
            // treated as lost
        }
        reset();
        return false;
    }

    private static String name(Purpose purpose, UUID channelId) {
        return "mokadesk:email-" + purpose.name().toLowerCase(java.util.Locale.ROOT) + ":" + channelId;
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            held.clear();
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void reset() {
        held.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
        connection = null;
    }

    @Override
    public synchronized void destroy() {
        reset();
    }
}
