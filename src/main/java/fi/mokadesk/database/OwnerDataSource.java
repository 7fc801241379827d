package fi.mokadesk.database;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Connections as the database owner, which bypasses workspace isolation. Used by migrations and by
 * tests that play an operator tampering with the database; application code never takes it.
 */
public final class OwnerDataSource extends DelegatingDataSource {

    private final SimpleDriverDataSource target;

    OwnerDataSource(SimpleDriverDataSource target) {
        super(target);
        this.target = target;
    }

    String url() {
        return target.getUrl();
    }

    String user() {
        return target.getUsername();
    }

    String password() {
        return target.getPassword();
    }
}
