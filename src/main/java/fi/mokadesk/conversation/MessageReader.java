package fi.mokadesk.conversation;

import java.util.List;

/**
 * Reads customer messages as they are stored, so the conversation row that ingest writes already carries
 * the summary the inbox filters and sorts by (tone, kind of problem, urgency, abuse). Implemented by the
 * analysis module; the conversation module only asks.
 *
 * <p>Why at ingest and not only from the analysis' event afterwards: writing the summary later gave every
 * new message a second version of its conversation row, and each version re-indexes the row in every
 * index of the inbox and its whole search document; with the summary in the first version the later event
 * finds nothing to change. The event still stores each message's labels and corrects a summary that ingest
 * could not write (a reading that failed, a message stored before the reader existed).
 */
public interface MessageReader {

    /**
     * @param sentiment negative, neutral or positive
     * @param category a {@link Category} code, or null when the message says too little to tell
     * @param urgency none, elevated or high
     */
    record Reading(String sentiment, String category, String urgency, boolean abusive) {}

    /** One reading per text, in the same order. */
    List<Reading> read(List<String> texts);
}
