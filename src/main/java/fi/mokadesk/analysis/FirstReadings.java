package fi.mokadesk.analysis;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The analyses made while ingest stored their messages ({@link IngestReading}), kept until the pipeline
 * stores them a moment later ({@link AnalysisPipeline}), so a message is analysed once, not twice. Keyed by
 * the text object the message carries from ingest to the pipeline's event, not by its words: another message
 * with the same words (whose reading may have failed) or the catch-up job's copy of a text never takes this
 * message's analysis, and is analysed anew. Bounded in entries and in characters of text: when the pipeline
 * falls far behind (a burst), the oldest are dropped and those messages are analysed again, which is only
 * what it cost before.
 */
@Component
class FirstReadings {

    static final int MAX_ENTRIES = 10_000;
    static final long MAX_CHARS = 4_000_000;

    /** This very text object. */
    private record Same(String text) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Same same && same.text == text;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(text);
        }
    }

    private final Map<Same, Analysis> kept = new LinkedHashMap<>();
    private long chars;

    synchronized void keep(String text, Analysis analysis) {
        if (kept.put(new Same(text), analysis) == null) chars += text.length();
        Iterator<Same> eldest = kept.keySet().iterator();
        while ((kept.size() > MAX_ENTRIES || chars > MAX_CHARS) && eldest.hasNext()) {
            chars -= eldest.next().text().length();
            eldest.remove();
        }
    }

    /** The analysis ingest made of this text object, once; null when there is none (any more). */
    synchronized Analysis take(String text) {
        Analysis analysis = kept.remove(new Same(text));
        if (analysis != null) chars -= text.length();
        return analysis;
    }
}
