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
 */
@Component
public class MetaReplies {

    static final String TOKEN_EXPIRED = "token expired — reconnect";
    static final Duration WINDOW = Duration.ofHours(24);
    static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(MetaReplies.class);

    /** How one platform differs. */
    record Platform(
            String type,
            String prefix,
            String accountSetting,
            String tokenSetting,
            String publicReplyEdge,
            String hideField) {}

    static final Platform FACEBOOK =
            new Platform("facebook", "fb", "pageId", "pageAccessToken", "comments", "is_hidden");
    static final Platform INSTAGRAM =
            new Platform("instagram", "ig", "instagramAccountId", "accessToken", "replies", "hide");

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
    Optional<UUID> channelId(Platform platform, Map<String, Object> settings) {
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

    Outcome send(Platform platform, Map<String, Object> settings, Delivery delivery) {
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
        } else if (thread.startsWith(platform.prefix() + ":user:") || thread.startsWith(platform.prefix() + ":psid:")) {
            // fb:psid:<page>:<person>: person ids are scoped to the account, so the account is part of the key.
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
            answer = graph.post(base + comment + "/" + platform.publicReplyEdge(), token, Map.of("message", text));
        }
        if (answer.ok()) {
            String ref = answer.body() == null ? null : MetaEvents.text(answer.body(), refField);
            items.sent(channel, messageId, ref == null ? "accepted:" + messageId : ref);
        }
        return finish(channel, answer);
    }

    private Outcome moderate(
            Platform platform, UUID channel, String base, String token, JsonNode payload, String action) {
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
    Health health(Platform platform, Map<String, Object> settings) {
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
