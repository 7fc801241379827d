package fi.mokadesk.support;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps every event of the conversation catalogue the desk published, so tests can check names and fields.
 * Listens like any other module would; events of a batch that was rolled back and written again appear twice.
 * Only the workspaces a test asks to {@link #watch} are kept, so load tests in the same desk do not fill memory.
 */
@Component
public class ConversationEvents {

    private final List<Record> seen = new CopyOnWriteArrayList<>();
    private final Set<UUID> watched = ConcurrentHashMap.newKeySet();

    /** From now on, keeps the events of this workspace. */
    public void watch(UUID workspaceId) {
        watched.add(workspaceId);
    }

    @EventListener
    void on(Record event) {
        if (event.getClass().getPackageName().equals("fi.mokadesk.conversation")
                && watched.contains(field(event, "workspaceId"))) seen.add(event);
    }

    /** The events of one type about one conversation, oldest first. */
    public <T extends Record> List<T> of(Class<T> type, UUID conversationId) {
        return seen.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(e -> conversationId.equals(field(e, "conversationId")))
                .toList();
    }

    private static Object field(Record event, String name) {
        try {
            for (RecordComponent c : event.getClass().getRecordComponents()) {
                if (c.getName().equals(name)) return c.getAccessor().invoke(event);
            }
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
