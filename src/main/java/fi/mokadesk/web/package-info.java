/**
 * What every page and API call shares: language (Finnish first, English), the layout, error answers,
 * request size limits.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Web",
        allowedDependencies = {"conversation", "database", "kernel", "workspace"})
package fi.mokadesk.web;
