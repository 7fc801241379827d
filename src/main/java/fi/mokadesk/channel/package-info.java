/**
 * Channels messages arrive through, and the one outbox by which everything leaves Mokadesk. Each
 * workspace's channels live in the {@code channel} table ({@link fi.mokadesk.channel.Channels}); each
 * channel type is a {@link fi.mokadesk.channel.ChannelAdapter} in its own sub-package. Replies of every
 * channel type, storm emails and chat posts, audit heads and event webhooks for integrators are rows of the
 * {@code outbox} table, written in the transaction of the change that caused them
 * ({@link fi.mokadesk.channel.Deliveries}), sent by a cluster-safe job with backoff, and moved through one
 * state machine ({@link fi.mokadesk.channel.DeliveryState}).
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Channels",
        allowedDependencies = {"conversation", "database", "kernel", "notification", "secret", "workspace"})
package fi.mokadesk.channel;
