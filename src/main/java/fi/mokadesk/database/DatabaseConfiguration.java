package fi.mokadesk.database;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    /** The owner's connection: migrations only (and operators' maintenance). */
    @Bean
    @FlywayDataSource
    OwnerDataSource ownerDataSource(DatabaseProperties properties) {
        String url = properties.embedded() ? EmbeddedDatabase.jdbcUrl(properties) : properties.url();
        String user = properties.embedded() ? "postgres" : properties.user();
        String password = properties.embedded() ? "postgres" : properties.password();
        return new OwnerDataSource(new SimpleDriverDataSource(new org.postgresql.Driver(), url, user, password));
    }

    /**
     * The application's pool. Every physical connection switches to {@code mokadesk_app}, a role that owns
     * nothing, so row-level security applies; the pool starts lazily, after migrations created the role.
     */
    @Bean
    @Primary
    DataSource dataSource(DatabaseProperties properties, OwnerDataSource owner) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("mokadesk");
        pool.setJdbcUrl(owner.url());
        pool.setUsername(owner.user());
        pool.setPassword(owner.password());
        pool.setMaximumPoolSize(properties.poolSize());
        pool.setConnectionInitSql("SET ROLE mokadesk_app");
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        failFast(pool);
        return new TenantDataSource(pool);
    }

    /**
     * When the database is away, a request fails within about a second instead of waiting 30 s (the
     * pool's default), and no thread waits forever on a database that stopped answering: a new connection
     * gives up after 2 s, a silent socket after 45 s (longer than the 30 s statement timeout, so a slow but
     * live query is cancelled by PostgreSQL first), and the operating system notices dead peers through
     * TCP keepalive. Settings in an external database's URL win over these.
     */
    static void failFast(HikariDataSource pool) {
        pool.setConnectionTimeout(1_000);
        pool.setValidationTimeout(500);
        pool.addDataSourceProperty("connectTimeout", "2");
        pool.addDataSourceProperty("loginTimeout", "3");
        pool.addDataSourceProperty("socketTimeout", "45");
        pool.addDataSourceProperty("tcpKeepAlive", "true");
    }

    /** {@code /actuator/health}: DOWN within a second when the database does not answer. */
    @Bean
    DatabaseHealth dbHealthIndicator(DataSource dataSource) {
        return new DatabaseHealth(dataSource);
    }

    /** Every 10 s, one node analyses the tables that at least doubled since their statistics were taken. */
    @Bean
    RecurringTask<Void> freshStatistics(OwnerDataSource owner) {
        FreshStatistics statistics = new FreshStatistics(owner);
        return Tasks.recurring("fresh-statistics", FixedDelay.ofSeconds(10))
                .execute((instance, context) -> statistics.refresh());
    }

    /** Starts the embedded PostgreSQL again when its process died (embedded mode only). */
    @Bean
    EmbeddedDatabaseWatchdog embeddedDatabaseWatchdog(DatabaseProperties properties, OwnerDataSource owner) {
        return new EmbeddedDatabaseWatchdog(properties.embedded(), owner);
    }
}
