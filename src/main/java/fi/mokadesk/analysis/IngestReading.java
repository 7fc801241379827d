package fi.mokadesk.analysis;

import fi.mokadesk.conversation.MessageReader;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The conversation's summary labels for messages being stored, from the same models and decisions as the
 * full analysis that follows (so the analysis later finds the summary already right).
 */
@Component
class IngestReading implements MessageReader {

    private final MessageAnalyzer analyzer;

    IngestReading(MessageAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    @Override
    public List<Reading> read(List<String> texts) {
        List<Reading> readings = new ArrayList<>(texts.size());
        for (Analysis a : analyzer.analyzeAll(texts))
            readings.add(new Reading(a.sentiment(), a.category(), a.urgency().level(), a.abusive()));
        return readings;
    }
}
