package fi.mokadesk.database;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Database settings ({@code MOKADESK_DB_*}). Without a URL an embedded PostgreSQL starts with its data
 * under {@code dataDir/postgres}.
 *
 * @param url external PostgreSQL JDBC URL; blank for the embedded database
 * @param user owner user of the external database (runs migrations)
 * @param password password of that user
 * @param dataDir where the embedded database keeps its files
 * @param poolSize connections in the application pool
 * @param ephemeral start the embedded database in a fresh temporary directory (tests)
 * @param port port of the embedded database; 0 picks a free one (set it to connect with psql)
 */
@ConfigurationProperties("mokadesk.db")
public record DatabaseProperties(
        String url, String user, String password, String dataDir, Integer poolSize, boolean ephemeral, int port) {

    public DatabaseProperties {
        if (dataDir == null || dataDir.isBlank()) dataDir = "./data";
        if (poolSize == null || poolSize < 1) poolSize = 20;
    }

    boolean embedded() {
        return url == null || url.isBlank();
    }
}
