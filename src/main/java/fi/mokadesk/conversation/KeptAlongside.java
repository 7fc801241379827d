package fi.mokadesk.conversation;

import java.util.List;

/**
 * A row another module keeps about a customer message, written in the transaction that stores the message,
 * so the two are stored exactly together: a channel's record of what it received costs no commit of its own
 * before the message and no update after it (see {@link Conversations#ingest(InboundMessage, KeptAlongside)}).
 *
 * @param keeper writes the rows; one instance per kind of row, so the rows of a batch go in one statement
 * @param row what the keeper needs to write this message's row
 */
public record KeptAlongside<R>(Keeper<R> keeper, R row) {

    /** Writes rows of several stored messages at once, inside the transaction that stores them. */
    @FunctionalInterface
    public interface Keeper<R> {
        /**
         * @param rows the rows, in the order of {@code messages}
         * @param messages where each row's message was stored
         */
        void keep(List<R> rows, List<Ingested> messages);
    }
}
