package fi.mokadesk.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The database part of {@code /actuator/health}. A monitor must learn within a second that the database is
 * away, while taking a connection may wait for the pool's timeout; so the check runs on a thread of its own
 * and the answer is DOWN when it has not come back in time. Checks never pile up: while one is still
 * waiting, later calls wait for the same one.
 */
final class DatabaseHealth implements HealthIndicator, DisposableBean {

    static final long ANSWER_WITHIN_MILLIS = 500;

    private final DataSource pool;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "database-health");
        t.setDaemon(true);
        return t;
    });
    private Future<?> running;

    DatabaseHealth(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        Future<?> check;
        synchronized (this) {
            if (running == null || running.isDone()) running = checker.submit(this::check);
            check = running;
        }
        try {
            check.get(ANSWER_WITHIN_MILLIS, TimeUnit.MILLISECONDS);
            return Health.up().build();
        } catch (TimeoutException e) {
            return Health.down()
                    .withDetail("reason", "no answer within " + ANSWER_WITHIN_MILLIS + " ms")
                    .build();
        } catch (ExecutionException e) {
            return Health.down()
                    .withDetail("reason", String.valueOf(e.getCause().getMessage()))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        }
    }

    private Void check() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            if (!connection.isValid(1)) throw new SQLException("the database connection is not valid");
        }
        return null;
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }
}
