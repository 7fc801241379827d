package fi.mokadesk.conversation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The analysis labels the conversation view shows on customer messages. The conversation keeps them itself
 * ({@code message_label}, see {@link MessageLabels}), from the analysis module's events, so showing a
 * conversation asks no other module.
 */
public interface MessageInsights {

    /**
     * @param sentiment label shown (an agent's correction wins over the model)
     * @param why the words behind the labels, for a tooltip
     * @param corrected which labels an agent corrected
     */
    record Insight(
            String language,
            String sentiment,
            String category,
            boolean abusive,
            String urgency,
            List<String> urgencyCues,
            String why,
            List<String> corrected) {}

    Map<UUID, Insight> of(Collection<UUID> messageIds);
}
