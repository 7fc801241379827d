package fi.mokadesk.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hands out pooled connections already keyed to the workspace of the current thread. Row-level security
 * reads that key, so a query sees only the current workspace even when its SQL forgets to filter.
 */
final class TenantDataSource extends DelegatingDataSource implements AutoCloseable {

    /** Every pool of this JVM (one per application context; tests may run several). */
    private static final java.util.Set<TenantDataSource> INSTANCES =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    private final ConnectionGate gate = new ConnectionGate();

    TenantDataSource(DataSource pool) {
        super(pool);
        INSTANCES.add(this);
    }

    /**
     * When the workspace changes inside a running transaction (first start, jobs that visit several
     * workspaces), the connection that transaction holds is re-keyed too.
     */
    static void rekeyBoundConnection() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) return;
        for (TenantDataSource pool : INSTANCES.toArray(TenantDataSource[]::new)) {
            if (TransactionSynchronizationManager.getResource(pool) instanceof ConnectionHolder holder) {
                try {
                    key(holder.getConnection());
                } catch (SQLException e) {
                    throw new IllegalStateException("could not switch the workspace of the current transaction", e);
                }
            }
        }
    }

    /** Every open pool of this JVM (tests that stop the database wait for all of them to reconnect). */
    static java.util.List<TenantDataSource> all() {
        return java.util.Arrays.stream(INSTANCES.toArray(TenantDataSource[]::new))
                .filter(pool -> !(pool.getTargetDataSource() instanceof com.zaxxer.hikari.HikariDataSource hikari
                        && hikari.isClosed()))
                .toList();
    }

    /** When the application stops, the pool closes its connections (Spring calls this on shutdown). */
    @Override
    public void close() throws Exception {
        if (getTargetDataSource() instanceof AutoCloseable pool) pool.close();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return keyed(gate.open(super::getConnection));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return keyed(gate.open(() -> super.getConnection(username, password)));
    }

    private static Connection keyed(Connection connection) throws SQLException {
        try {
            key(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static void key(Connection connection) throws SQLException {
        UUID workspace = Tenant.currentOrNull();
        try (PreparedStatement set = connection.prepareStatement("select set_config('mokadesk.workspace', ?, false)")) {
            set.setString(1, workspace == null ? "" : workspace.toString());
            set.execute();
        }
    }
}
