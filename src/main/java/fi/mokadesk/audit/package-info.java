/**
 * The append-only audit log: who changed what, when, from what to what. Entries of a workspace form a
 * SHA-256 hash chain, so an edited or removed entry is found by {@link fi.mokadesk.audit.AuditLog#verify()}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Audit",
        allowedDependencies = {"channel", "database", "kernel", "secret", "workspace"})
package fi.mokadesk.audit;
