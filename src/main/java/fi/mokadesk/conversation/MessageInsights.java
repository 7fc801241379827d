package fi.mokadesk.conversation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the analysis found in customer messages, for the conversation view. Implemented by the analysis
 * module, so conversations don't depend on it.
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
