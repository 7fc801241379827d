package fi.mokadesk.kernel;

/**
 * Something a person, token or automation changed, published inside the transaction that changed it; the
 * audit module writes it to the hash-chained log in the same transaction, so a change and its audit entry
 * commit or fail together.
 */
public record Audited(String action, String entityType, String entityId, Object oldValue, Object newValue) {}
