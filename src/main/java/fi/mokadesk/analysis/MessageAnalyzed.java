package fi.mokadesk.analysis;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer message was analysed: published after the analysis is stored, for the inbox, the storm
 * detector (negative counts) and anything else that reacts to tone or abuse.
 *
 * @param sentiment negative, neutral or positive
 * @param category product, service, delivery, billing, instructions, user_error, praise, question or other;
 *     null when the message says too little to tell
 */
public record MessageAnalyzed(
        UUID workspaceId,
        UUID conversationId,
        UUID messageId,
        String channel,
        String language,
        String sentiment,
        boolean abusive,
        String category,
        Instant receivedAt) {}
