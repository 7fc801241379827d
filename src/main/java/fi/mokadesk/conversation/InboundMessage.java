package fi.mokadesk.conversation;

import java.time.Instant;

/**
 * A customer message as a channel adapter (or the generic API) hands it over.
 *
 * @param channel where it came from: a {@link ChannelType} code (api, email, form, facebook…)
 * @param externalId the platform's id; the same (channel, externalId) again is a re-delivery
 * @param threadKey messages with the same key join one conversation; blank: one per author and channel
 * @param isPublic a public comment (everyone sees it) rather than a private message
 */
public record InboundMessage(
        String channel,
        String externalId,
        String threadKey,
        String authorName,
        String authorHandle,
        String authorEmail,
        String subject,
        String text,
        boolean isPublic,
        Instant receivedAt) {}
