package fi.mokadesk.channel.feed;

import fi.mokadesk.conversation.MessageExtras;
import java.sql.Array;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What the inbox shows of a mention beyond its text: where the rules matched, and the link to the source. */
@Component
class FeedExtras implements MessageExtras {

    private final JdbcClient jdbc;

    FeedExtras(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<UUID, Extra> of(Collection<UUID> messageIds) {
        Map<UUID, Extra> result = new HashMap<>();
        if (messageIds.isEmpty()) return result;
        jdbc.sql("select message_id, highlights, url from feed_entry where message_id = any(?)")
                .param(messageIds.toArray(UUID[]::new))
                .query(rs -> {
                    Array spans = rs.getArray(2);
                    List<Integer> highlights = spans == null ? List.of() : Arrays.asList((Integer[]) spans.getArray());
                    result.put(
                            rs.getObject(1, UUID.class),
                            new Extra(List.of(), -1, List.of("mention"), null, highlights, rs.getString(3)));
                });
        return result;
    }
}
