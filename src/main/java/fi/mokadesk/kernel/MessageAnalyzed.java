package fi.mokadesk.kernel;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer message was analysed: published by the analysis module inside the transaction that stores the
 * analysis. The conversation keeps the labels it shows and filters by from it; the storm detector counts
 * negative and abusive messages.
 *
 * <p>It lives in the shared kernel, not in {@code analysis}: analysis depends on conversation (it reacts to
 * {@code MessageReceived} and reads message texts through conversation's facade), so conversation listening
 * to an event type of the analysis module would make the two depend on each other.
 *
 * @param sentiment negative, neutral or positive
 * @param category product, service, delivery, billing, instructions, user_error, praise, question or other;
 *     null when the message says too little to tell
 * @param urgency none, elevated or high
 * @param urgencyCues the words that made the message urgent, as written (lower-cased)
 * @param why the words behind the labels, e.g. {@code sentiment: huono, myöhässä · category: paketti}
 * @param summarisedAtIngest this very analysis was made while the message was stored, and the conversation's
 *     summary was written from it then; nothing of the summary is left to do
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
        String urgency,
        List<String> urgencyCues,
        String why,
        Instant receivedAt,
        boolean summarisedAtIngest) {}
