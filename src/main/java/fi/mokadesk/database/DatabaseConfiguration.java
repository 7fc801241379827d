package fi.mokadesk.database;

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
        return new TenantDataSource(pool);
    }
}
