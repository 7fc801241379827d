package fi.mokadesk.conversation;

import java.util.UUID;

/**
 * An agent corrected an analysis label of a message and the conversation's summary now follows it.
 *
 * @param task sentiment, category or abusive
 * @param label the corrected label's code (true/false for abusive)
 */
public record LabelCorrected(UUID workspaceId, UUID conversationId, String task, String label) {}
