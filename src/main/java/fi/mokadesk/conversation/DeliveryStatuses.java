package fi.mokadesk.conversation;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * How far outgoing replies got, told by the channel adapters that send them. Implemented outside this
 * module so conversations don't depend on channels.
 */
public interface DeliveryStatuses {

    record Delivery(String state, int attempts, String lastError) {}

    Map<UUID, Delivery> of(Collection<UUID> messageIds);
}
