/**
 * Where Mokadesk keeps its data: an embedded PostgreSQL under the data directory, or an external one by
 * URL; Flyway migrations run as the owner, the application works as the non-owner role {@code mokadesk_app}
 * with the current workspace set on every connection it hands out.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Database",
        allowedDependencies = {"kernel"})
package fi.mokadesk.database;
