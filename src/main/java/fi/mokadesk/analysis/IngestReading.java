package fi.mokadesk.analysis;

import fi.mokadesk.conversation.MessageReader;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The conversation's summary labels for messages being stored, from the same models and decisions as the
 * full analysis that follows (so the analysis later finds the summary already right). The analysis is
 * kept for the pipeline ({@link FirstReadings}), which then stores it without analysing the message again.
 */
@Component
class IngestReading implements MessageReader {

    private final MessageAnalyzer analyzer;
    private final FirstReadings first;

    IngestReading(MessageAnalyzer analyzer, FirstReadings first) {
        this.analyzer = analyzer;
        this.first = first;
    }

    @Override
    public List<Reading> read(List<String> texts) {
        List<Reading> readings = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Analysis a = analyzer.analyze(texts.get(i));
            first.keep(texts.get(i), a);
            readings.add(new Reading(a.sentiment(), a.category(), a.urgency().level(), a.abusive()));
        }
        return readings;
    }
}
