package fi.mokadesk.kernel;

import java.util.UUID;

/**
 * An agent corrected an analysis label of a customer message: published by the analysis module inside the
 * transaction that stores the correction. The conversation follows it (the message's label and the
 * conversation's summary). In the shared kernel for the same reason as {@link MessageAnalyzed}.
 *
 * @param task sentiment, category or abusive
 * @param label the corrected label's code (true/false for abusive)
 * @param by who corrected it
 */
public record LabelCorrected(
        UUID workspaceId, UUID conversationId, UUID messageId, String task, String label, String by) {}
