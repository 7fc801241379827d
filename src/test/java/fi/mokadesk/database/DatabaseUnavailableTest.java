package fi.mokadesk.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures are "the database is away, try again" (503) and which are the request's own (4xx/500). */
class DatabaseUnavailableTest {

    @Test
    void aDatabaseThatCannotBeReachedOrIsShuttingDownIsUnavailable() {
        SQLException refused = new SQLException("Connection refused", "08001", new ConnectException("refused"));
        assertThat(DatabaseUnavailable.explains(new CannotGetJdbcConnectionException("no connection", refused)))
                .isTrue();
        assertThat(DatabaseUnavailable.explains(new CannotCreateTransactionException(
                        "no transaction", new SQLTransientConnectionException("pool timed out"))))
                .isTrue();
        assertThat(DatabaseUnavailable.explains(
                        new UncategorizedSQLException("select", "select 1", new SQLException("I/O error", "08006"))))
                .isTrue();
        assertThat(DatabaseUnavailable.explains(new TransactionSystemException(
                        "commit failed", new SQLException("terminating connection", "57P01"))))
                .isTrue();
        assertThat(DatabaseUnavailable.explains(new IllegalStateException(
                        "wrapped", new SQLException("canceling statement due to statement timeout", "57014"))))
                .isTrue();
    }

    @Test
    void aRequestThatBreaksARuleIsNotAnOutage() {
        assertThat(DatabaseUnavailable.explains(
                        new DataIntegrityViolationException("duplicate", new SQLException("duplicate key", "23505"))))
                .isFalse();
        assertThat(DatabaseUnavailable.explains(new UncategorizedSQLException(
                        "insert", "insert", new SQLException("invalid byte sequence", "22021"))))
                .isFalse();
        assertThat(DatabaseUnavailable.explains(new IllegalArgumentException("bad")))
                .isFalse();
        assertThat(DatabaseUnavailable.explains(null)).isFalse();
    }
}
