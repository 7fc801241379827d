package fi.mokadesk.channel.meta;

import fi.mokadesk.channel.ChannelAdapter.Delivery;
import fi.mokadesk.channel.ChannelAdapter.Health;
import fi.mokadesk.channel.ChannelAdapter.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the outbox's Facebook and Instagram deliveries by the Graph API: a public reply to the comment a
 * public conversation last heard (or the one chosen when moving to private), a private reply to a comment
 * ({@code recipient.comment_id}), a message to a person inside the 24-hour window (with the Human Agent tag
 * up to 7 days when the channel allows it), and hiding or showing a comment. Never calls a delete endpoint.
 *
 * <p>A public reply is never posted twice: the moment before it is posted is recorded, and a later try of a
 * reply whose answer was never recorded (the desk stopped, the connection broke, Meta answered 5xx after
 * taking it) first reads the comment's replies and takes ours from there if it is already on the platform.
 */
@Component
public class MetaReplies {

    static final String TOKEN_EXPIRED = "token expired — reconnect";
    static final Duration WINDOW = Duration.ofHours(24);
    static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(MetaReplies.class);

    private final GraphApi graph;
    private final MetaItems items;
    private final TokenAlarm alarm;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    MetaReplies(GraphApi graph, MetaItems items, TokenAlarm alarm, JdbcClient jdbc) {
        this.graph = graph;
        this.items = items;
        this.alarm = alarm;
        this.jdbc = jdbc;
    }

    /** The workspace's channel of this platform with this account id. */
    Optional<UUID> channelId(MetaPlatform platform, Map<String, Object> settings) {
        return jdbc.sql("""
                        select id from channel where type = ? and settings ->> ? = ? order by created_at, id limit 1
                        """)
                .params(
                        platform.type(),
                        platform.accountSetting(),
                        MetaSettings.string(settings, platform.accountSetting()))
                .query(UUID.class)
                .optional();
    }

    Outcome send(MetaPlatform platform, Map<String, Object> settings, Delivery delivery) {
        JsonNode payload = json.readTree(delivery.payload());
        UUID channel = channelId(platform, settings).orElse(null);
        if (channel == null) return Outcome.failed("the " + platform.type() + " channel no longer exists");
        String token = MetaSettings.string(settings, platform.tokenSetting());
        String base = MetaSettings.graph(settings);
        String account = MetaSettings.string(settings, platform.accountSetting());
        String action = MetaEvents.text(payload, "action");
        if (action != null) return moderate(platform, channel, base, token, payload, action);

        UUID messageId = UUID.fromString(payload.path("messageId").asString());
        Optional<MetaItems.Item> out = items.find(channel, "out:" + messageId);
        if (out.isPresent() && out.get().platformRef() != null) return Outcome.sent(); // accepted before
        String thread = payload.path("threadKey").asString("");
        String text = payload.path("text").asString("");
        GraphApi.Answer answer;
        String refField = "id";
        if (thread.startsWith(platform.prefix() + ":private:")) {
            String comment = thread.substring((platform.prefix() + ":private:").length());
            answer = graph.post(
                    base + account + "/messages",
                    token,
                    Map.of("recipient", Map.of("comment_id", comment), "message", Map.of("text", text)));
            refField = "message_id";
        } else if (thread.startsWith(platform.prefix() + ":" + platform.personThread() + ":")) {
            // fb:psid:<page>:<person> (MetaPlatform.privateThread): the person is the key's last part.
            String person = thread.substring(thread.lastIndexOf(':') + 1);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("recipient", Map.of("id", person));
            Instant last = items.lastInbound(channel, person).orElse(null);
            Duration since = last == null ? null : Duration.between(last, Instant.now());
            if (since != null && since.compareTo(WINDOW) <= 0) {
                body.put("messaging_type", "RESPONSE");
            } else if (since != null
                    && since.compareTo(HUMAN_AGENT_WINDOW) <= 0
                    && Boolean.TRUE.equals(settings.get(MetaSettings.HUMAN_AGENT))) {
                body.put("messaging_type", "MESSAGE_TAG");
                body.put("tag", "HUMAN_AGENT");
            } else {
                return Outcome.failed("outside the 24-hour reply window"
                        + (Boolean.TRUE.equals(settings.get(MetaSettings.HUMAN_AGENT))
                                ? " and the 7 days of the Human Agent tag"
                                : "")
                        + "; the customer has to write first");
            }
            body.put("message", Map.of("text", text));
            answer = graph.post(base + account + "/messages", token, body);
            refField = "message_id";
        } else {
            String comment = out.map(MetaItems.Item::parentId).orElse(null);
            if (comment == null) comment = MetaEvents.text(payload, "inReplyTo");
            if (comment == null) return Outcome.failed("there is no customer comment to answer");
            if (out.isPresent() && out.get().postTriedAt() != null) {
                // Tried before without a recorded answer: Meta may have taken it. Look before posting again.
                GraphApi.Answer replies = graph.get(
                        base + comment + "/" + platform.publicReplyEdge() + "?fields=id,message,text,from,"
                                + "created_time,timestamp&order=reverse_chronological&limit=100",
                        token);
                if (!replies.ok()) {
                    Outcome looked = finish(channel, replies);
                    return looked.kind() == Outcome.Kind.HELD
                            ? looked
                            : Outcome.retry("could not check whether the reply is already on " + platform.name() + ": "
                                    + replies.message());
                }
                String found = alreadyPosted(channel, account, text, out.get().postTriedAt(), replies.body());
                if (found != null) {
                    log.info(
                            "Reply {} was already on {} as {}; recorded, not posted again",
                            messageId,
                            platform.name(),
                            found);
                    items.sent(channel, messageId, found);
                    return Outcome.sent();
                }
            }
            items.postTried(channel, messageId);
            answer = graph.post(base + comment + "/" + platform.publicReplyEdge(), token, Map.of("message", text));
            if (answer.failure() != null && answer.mayHaveArrived()) {
                // No need for a person to check: the next try looks on the platform first (above).
                return Outcome.retry("no answer from " + platform.name() + " (" + answer.failure()
                        + "); the next try first looks whether the reply arrived");
            }
        }
        if (answer.ok()) {
            String ref = answer.body() == null ? null : MetaEvents.text(answer.body(), refField);
            items.sent(channel, messageId, ref == null ? "accepted:" + messageId : ref);
        }
        return finish(channel, answer);
    }

    /**
     * Among a comment's replies ({@code data[]} of the Graph API's answer), the id of ours with this text,
     * written since the earlier try (minus a few minutes for clocks) and not already recorded as another of
     * our replies; null when there is none. Facebook names the fields {@code message} and
     * {@code created_time}, Instagram {@code text} and {@code timestamp}.
     */
    private String alreadyPosted(
            UUID channel, String account, String text, java.time.OffsetDateTime triedAt, JsonNode answer) {
        if (answer == null) return null;
        long since = triedAt.toInstant().minus(Duration.ofMinutes(5)).toEpochMilli();
        for (JsonNode reply : answer.path("data")) {
            String id = MetaEvents.text(reply, "id");
            String body = MetaEvents.text(reply, "message");
            if (body == null) body = MetaEvents.text(reply, "text");
            long at = MetaEvents.millis(reply.has("created_time") ? reply.get("created_time") : reply.get("timestamp"));
            if (id != null
                    && account != null
                    && account.equals(MetaEvents.text(reply.path("from"), "id"))
                    && body != null
                    && body.strip().equals(text.strip())
                    && (at == 0 || at >= since)
                    && !items.ours(channel, id)) return id;
        }
        return null;
    }

    private Outcome moderate(
            MetaPlatform platform, UUID channel, String base, String token, JsonNode payload, String action) {
        String comment = MetaEvents.text(payload, "commentId");
        if (comment == null) return Outcome.failed("no comment to " + action);
        boolean hide = action.equals("hide");
        if (!hide && !action.equals("unhide")) return Outcome.failed("unknown action " + action);
        GraphApi.Answer answer = graph.post(base + comment, token, Map.of(platform.hideField(), hide));
        if (answer.ok()) items.hidden(channel, comment, "comment", hide, System.currentTimeMillis());
        return finish(channel, answer);
    }

    /** The answer's outcome; an invalid token also puts the channel in error so admins see it at once. */
    private Outcome finish(UUID channel, GraphApi.Answer answer) {
        if (answer.tokenInvalid()) {
            log.warn(
                    "Channel {}: Meta refused the token ({}); replies wait for a reconnect", channel, answer.message());
            alarm.expired(channel, answer);
        }
        return answer.outcome();
    }

    /** Whether the token still opens the account: {@code GET /{account}?fields=id}. */
    Health health(MetaPlatform platform, Map<String, Object> settings) {
        String account = MetaSettings.string(settings, platform.accountSetting());
        GraphApi.Answer answer = graph.get(
                MetaSettings.graph(settings) + account + "?fields=id",
                MetaSettings.string(settings, platform.tokenSetting()));
        if (answer.ok()) return Health.OK;
        if (answer.tokenInvalid()) return Health.error(TOKEN_EXPIRED + " — " + answer.message());
        if (answer.failure() != null) return Health.warning("Meta could not be reached: " + answer.failure());
        return Health.error("Meta: " + answer.message());
    }
}
