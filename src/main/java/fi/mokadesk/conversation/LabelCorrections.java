package fi.mokadesk.conversation;

import java.util.UUID;

/**
 * Corrects an analysis label of a customer message (implemented by the analysis module), so the
 * conversation page can offer it without depending on the analysis.
 */
public interface LabelCorrections {

    /** @return the message's conversation */
    UUID correct(UUID messageId, String task, String label);
}
