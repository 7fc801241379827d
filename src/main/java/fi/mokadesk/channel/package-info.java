/**
 * Channels messages arrive through and replies leave by. Replies go through a durable outbox: stored in
 * the reply's transaction, sent by a cluster-safe job, retried with backoff. The generic {@code api}
 * channel sends replies to its webhook, signed with HMAC-SHA256. Each workspace's channels live in the
 * {@code channel} table ({@link fi.mokadesk.channel.Channels}); each channel type is a
 * {@link fi.mokadesk.channel.ChannelAdapter} in its own sub-package.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Channels",
        allowedDependencies = {"conversation", "database", "kernel", "secret", "workspace"})
package fi.mokadesk.channel;
