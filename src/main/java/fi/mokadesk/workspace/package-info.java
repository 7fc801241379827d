/**
 * Workspaces (one brand or company each), the people who work in them with a role per workspace, API
 * tokens, sign-in and the access of the current request.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Workspaces and access",
        allowedDependencies = {"database", "kernel"})
package fi.mokadesk.workspace;
