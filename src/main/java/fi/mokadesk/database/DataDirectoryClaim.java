package fi.mokadesk.database;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Takes the embedded database's data directory before anything else starts (registered in
 * {@code META-INF/spring.factories}), so a second desk on the same directory stops at once with one line
 * ({@link DataDirectoryInUse}, reported by {@link StartFailureReporter}) instead of failing halfway through
 * creating beans. Then it starts the server on a thread of its own, so PostgreSQL's start overlaps Spring's
 * creation of the web server and the beans before the data source (about half a second of a restart).
 */
class DataDirectoryClaim implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        DatabaseProperties properties = Binder.get(context.getEnvironment())
                .bind("mokadesk.db", DatabaseProperties.class)
                .orElseGet(() -> new DatabaseProperties(null, null, null, null, null, false, 0));
        if (!properties.embedded()) return;
        EmbeddedDatabase.claim(properties);
        if (!properties.ephemeral()) EmbeddedDatabase.startInBackground(properties);
    }
}
