/**
 * Live updates for open pages: changes are announced with PostgreSQL NOTIFY inside the transaction that
 * made them (so they cross nodes and never announce what rolled back), and every node pushes them to its
 * browsers over server-sent events.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Live updates",
        allowedDependencies = {"conversation", "kernel", "notification", "storm", "workspace"})
package fi.mokadesk.live;
