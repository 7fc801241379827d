package fi.mokadesk.analysis;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The analyses made while ingest stored their messages ({@link IngestReading}), kept until the pipeline
 * stores them a moment later ({@link AnalysisPipeline}), so a message is analysed once, not twice. Keyed by
 * the text: the same text gives the same analysis (the models do not change while the desk runs). Bounded
 * in entries and in characters of text: when the pipeline falls far behind (a burst), the oldest are
 * dropped and the pipeline analyses those messages again, which is only what it cost before.
 */
@Component
class FirstReadings {

    static final int MAX_ENTRIES = 10_000;
    static final long MAX_CHARS = 4_000_000;

    private final Map<String, Analysis> kept = new LinkedHashMap<>();
    private long chars;

    synchronized void keep(String text, Analysis analysis) {
        if (kept.put(text, analysis) == null) chars += text.length();
        Iterator<String> eldest = kept.keySet().iterator();
        while ((kept.size() > MAX_ENTRIES || chars > MAX_CHARS) && eldest.hasNext()) {
            chars -= eldest.next().length();
            eldest.remove();
        }
    }

    /** The analysis ingest made of this text, once; null when there is none (any more). */
    synchronized Analysis take(String text) {
        Analysis analysis = kept.remove(text);
        if (analysis != null) chars -= text.length();
        return analysis;
    }
}
