package fi.mokadesk.channel;

import fi.mokadesk.conversation.DeliveryStatuses;
import fi.mokadesk.conversation.ReplySent;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Replies waiting to leave; the row is written in the reply's own transaction, so none is lost. */
@Component
class Outbox implements DeliveryStatuses {

    static final int MAX_ATTEMPTS = 8;

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    private final Channels channels;

    Outbox(JdbcClient jdbc, Channels channels) {
        this.jdbc = jdbc;
        this.channels = channels;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ReplySent reply) {
        if (!reply.channel().equals("api")) return; // other channels get their own adapters
        // Once the workspace has an api channel, that is where replies go; before, the workspace settings.
        Optional<Channels.Target> channel = channels.replyChannel("api", "webhookUrl");
        UUID channelId = channel.map(Channels.Target::id).orElse(null);
        String url = channel.isPresent()
                ? channel.get().target()
                : jdbc.sql("select outbound_webhook_url from workspace where id = ?")
                        .param(reply.workspaceId())
                        .query(String.class)
                        .optional()
                        .orElse(null);
        String refused = channel.isPresent() && !channel.get().enabled() ? "the api channel is disabled" : null;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "reply.created");
        payload.put("workspaceId", reply.workspaceId());
        payload.put("conversationId", reply.conversationId());
        payload.put("messageId", reply.messageId());
        payload.put("threadKey", reply.threadKey());
        payload.put("inReplyTo", reply.inReplyToExternalId());
        payload.put("author", reply.authorName());
        payload.put("text", reply.text());
        payload.put("createdAt", Instant.now().toString());
        boolean configured = url != null && !url.isBlank() && refused == null;
        jdbc.sql("""
                        insert into outbound_delivery (workspace_id, message_id, channel, target, payload, state, last_error, channel_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        reply.workspaceId(),
                        reply.messageId(),
                        reply.channel(),
                        url != null ? url : "",
                        json.writeValueAsString(payload),
                        configured ? "pending" : "failed",
                        configured
                                ? null
                                : refused != null ? refused : "no outbound webhook URL is set for this workspace",
                        channelId)
                .update();
    }

    @Override
    public Map<UUID, Delivery> of(Collection<UUID> messageIds) {
        Map<UUID, Delivery> result = new LinkedHashMap<>();
        jdbc.sql("select message_id, state, attempts, last_error from outbound_delivery where message_id = any(?)")
                .param(messageIds.toArray(UUID[]::new))
                .query(rs -> {
                    result.put(
                            rs.getObject(1, UUID.class), new Delivery(rs.getString(2), rs.getInt(3), rs.getString(4)));
                });
        return result;
    }

    record Due(UUID workspaceId, UUID messageId, String target, String payload, int attempts) {}
}
