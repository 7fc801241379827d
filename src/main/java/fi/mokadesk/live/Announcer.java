package fi.mokadesk.live;

import fi.mokadesk.conversation.ConversationChanged;
import fi.mokadesk.notification.NotificationsCreated;
import fi.mokadesk.storm.StormDetected;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces changes to every node with PostgreSQL NOTIFY. Changes are collected after their transaction
 * commits and sent in one NOTIFY per workspace every {@value #BATCH_MILLIS} ms: a NOTIFY inside each
 * ingest transaction would serialise all commits on PostgreSQL's notification lock.
 */
@Component
class Announcer {

    static final String CHANNEL = "mokadesk_live";
    static final long BATCH_MILLIS = 100;
    /** Beyond this many conversations in one batch, pages just refresh whatever they show. */
    static final int MAX_IDS = 40;

    private static final Logger log = LoggerFactory.getLogger(Announcer.class);

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<UUID, Set<UUID>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-announce");
        t.setDaemon(true);
        return t;
    });

    Announcer(JdbcClient jdbc) {
        this.jdbc = jdbc;
        timer.scheduleWithFixedDelay(this::flush, BATCH_MILLIS, BATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(ConversationChanged change) {
        pending.computeIfAbsent(change.workspaceId(), k -> ConcurrentHashMap.newKeySet())
                .add(change.conversationId());
    }

    /**
     * A storm opened: every browser of the workspace, on every node, refreshes its storm banner at once
     * (announced straight after the storm's transaction commits, not batched: storms are rare).
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(StormDetected storm) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("ws", storm.workspaceId());
        note.put("what", "storm");
        try {
            announce(note);
        } catch (RuntimeException e) {
            // the banner's slow refresh still shows it
            log.warn("Could not announce the storm in workspace {}: {}", storm.workspaceId(), e.getMessage());
        }
    }

    /**
     * New notices: the bells of the people concerned, on every node, refresh at once (straight after the
     * commit, not batched: the sweep stores a workspace's notices in one transaction).
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(NotificationsCreated created) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("ws", created.workspaceId());
        note.put("what", "notification");
        note.put("users", created.userIds().size() > MAX_IDS ? List.of() : created.userIds());
        try {
            announce(note);
        } catch (RuntimeException e) {
            // the bell's slow refresh still shows them
            log.warn("Could not announce notices in workspace {}: {}", created.workspaceId(), e.getMessage());
        }
    }

    void flush() {
        for (UUID workspace : List.copyOf(pending.keySet())) {
            Set<UUID> conversations = pending.remove(workspace);
            if (conversations == null || conversations.isEmpty()) continue;
            Map<String, Object> note = new LinkedHashMap<>();
            note.put("ws", workspace);
            note.put("what", "changed");
            List<UUID> ids = new ArrayList<>(conversations);
            note.put("convs", ids.size() > MAX_IDS ? List.of() : ids);
            note.put("many", ids.size() > MAX_IDS);
            try {
                announce(note);
            } catch (RuntimeException e) {
                log.warn("Could not announce changes of workspace {}: {}", workspace, e.getMessage());
            }
        }
    }

    void announce(Map<String, Object> note) {
        jdbc.sql("select pg_notify(?, ?)")
                .params(CHANNEL, json.writeValueAsString(note))
                .query()
                .singleRow();
    }
}
