/**
 * Channels messages arrive through and replies leave by. Replies go through a durable outbox: stored in
 * the reply's transaction, sent by a cluster-safe job, retried with backoff. The generic {@code api}
 * channel sends replies to the workspace's outbound webhook, signed with HMAC-SHA256.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Channels")
package fi.mokadesk.channel;
