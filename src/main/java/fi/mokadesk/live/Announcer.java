package fi.mokadesk.live;

import fi.mokadesk.conversation.ConversationChanged;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Turns changes into NOTIFY messages; PostgreSQL delivers them to every node when the transaction commits. */
@Component
class Announcer {

    static final String CHANNEL = "mokadesk_live";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    Announcer(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ConversationChanged change) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("ws", change.workspaceId());
        note.put("conv", change.conversationId());
        note.put("what", change.what());
        announce(note);
    }

    void announce(Map<String, Object> note) {
        jdbc.sql("select pg_notify(?, ?)")
                .params(CHANNEL, json.writeValueAsString(note))
                .query()
                .singleRow();
    }
}
