package fi.mokadesk.kernel;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import java.util.UUID;

/**
 * Ids for rows written in bulk, such as the messages, contacts and conversations of an ingest batch: UUID
 * version 7, whose first 48 bits are the creation time in milliseconds and the rest random (74 bits).
 *
 * <p>Ids that follow each other in time keep the indexes over them compact: a new key goes to the right-hand
 * end of the index, the page the previous insert already had in memory, instead of to a random page of an
 * index that outgrows the database's cache as the desk fills. Every table a customer message writes has one
 * or more indexes that start with such an id (the message's own, its analysis and label, the conversation's
 * timeline and SLA timers). The database gives the same kind of id where it picks one itself ({@code
 * uuidv7()}, V39). An id tells when its row was created, which the desk shows anyway; it does not make a
 * row any easier to reach, as every read checks the workspace and the caller's rights.
 */
public final class RowIds {

    private static final NoArgGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private RowIds() {}

    /**
     * A new id, greater than the one this process handed out before it (in PostgreSQL's order of uuid values)
     * unless the system clock was set back meanwhile: within one millisecond the generator counts up.
     */
    public static UUID next() {
        return GENERATOR.generate();
    }
}
