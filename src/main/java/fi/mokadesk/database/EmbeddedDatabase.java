package fi.mokadesk.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded PostgreSQL per JVM. Test contexts share it, so a test run starts the database once; the desk
 * keeps its files under the data directory so they survive restarts.
 */
final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static EmbeddedPostgres running;

    private EmbeddedDatabase() {}

    static synchronized String jdbcUrl(DatabaseProperties properties) {
        if (running == null) running = start(properties);
        return running.getJdbcUrl("postgres", "postgres");
    }

    private static EmbeddedPostgres start(DatabaseProperties properties) {
        try {
            Path dir = properties.ephemeral()
                    ? Files.createTempDirectory("mokadesk-pg-")
                    : Path.of(properties.dataDir(), "postgres").toAbsolutePath();
            Files.createDirectories(dir);
            log.info("Starting embedded PostgreSQL with data in {}", dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (properties.port() > 0) builder.setPort(properties.port());
            EmbeddedPostgres postgres = builder.setDataDirectory(dir)
                    .setCleanDataDirectory(properties.ephemeral())
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("timezone", "UTC")
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
            log.info("Embedded PostgreSQL listens on localhost:{} (user postgres)", postgres.getPort());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }
}
