package fi.mokadesk.channel.whatsapp;

import fi.mokadesk.channel.ChannelAdapter;
import fi.mokadesk.channel.OutboundAddresses;
import fi.mokadesk.channel.meta.GraphApi;
import fi.mokadesk.channel.meta.MetaItems;
import fi.mokadesk.channel.meta.MetaSettings;
import fi.mokadesk.channel.meta.TokenAlarm;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.ReplySent;
import fi.mokadesk.kernel.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WhatsApp Business (Cloud API). Settings: {@code businessAccountId}, {@code phoneNumberId},
 * {@code accessToken}, {@code appSecret}, {@code verifyToken}, {@code graphBaseUrl}, {@code graphVersion}.
 * A reply is a text message to the customer's number, only inside the 24-hour customer-service window that
 * the customer's last message opened; outside it WhatsApp accepts only approved templates, so the reply is
 * refused with that reason instead of being sent. No marketing sends from here.
 */
@Component
class WhatsAppChannel implements ChannelAdapter {

    static final String TYPE = "whatsapp";
    static final Set<String> SECRETS = Set.of("accessToken", MetaSettings.APP_SECRET, MetaSettings.VERIFY_TOKEN);
    static final Duration WINDOW = Duration.ofHours(24);
    static final String TOKEN_EXPIRED = "token expired — reconnect";

    private final OutboundAddresses addresses;
    private final GraphApi graph;
    private final MetaItems items;
    private final JdbcClient jdbc;
    private final TokenAlarm alarm;
    private final JsonMapper json = JsonMapper.builder().build();

    WhatsAppChannel(OutboundAddresses addresses, GraphApi graph, MetaItems items, JdbcClient jdbc, TokenAlarm alarm) {
        this.addresses = addresses;
        this.graph = graph;
        this.items = items;
        this.jdbc = jdbc;
        this.alarm = alarm;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return SECRETS;
    }

    @Override
    public Map<String, Object> validate(Map<String, Object> settings) {
        return MetaSettings.validate(TYPE, settings, List.of("businessAccountId", "phoneNumberId"), SECRETS, addresses);
    }

    @Override
    public InboundMessage inbound(Map<String, Object> settings, Map<String, String> headers, byte[] body) {
        throw new InvalidInput("body", "WhatsApp events are posted by Meta to /webhooks/meta");
    }

    @Override
    public Outcome send(Map<String, Object> settings, Delivery delivery) {
        UUID channel = channelId(settings).orElse(null);
        if (channel == null) return Outcome.failed("the whatsapp channel no longer exists");
        JsonNode payload = json.readTree(delivery.payload());
        if (payload.has("action")) return Outcome.failed("WhatsApp messages cannot be hidden");
        UUID messageId = UUID.fromString(payload.path("messageId").asString());
        Optional<MetaItems.Item> out = items.find(channel, "out:" + messageId);
        if (out.isPresent() && out.get().platformRef() != null) return Outcome.sent();
        String thread = payload.path("threadKey").asString("");
        if (!thread.startsWith("wa:")) return Outcome.failed("the conversation has no WhatsApp number to answer");
        String number = thread.substring(thread.lastIndexOf(':') + 1); // wa:<phone number id>:<customer>
        String template = out.map(MetaItems.Item::parentId)
                .filter(p -> p.startsWith("template:"))
                .orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", number);
        if (template != null) {
            // An approved template may leave at any time; name and language were chosen from the platform's list.
            String[] parts = template.split(":", 3);
            body.put("type", "template");
            body.put("template", Map.of("name", parts[1], "language", Map.of("code", parts[2])));
        } else {
            Instant last = items.lastInbound(channel, number).orElse(null);
            if (last == null || Duration.between(last, Instant.now()).compareTo(WINDOW) > 0) {
                return Outcome.failed("outside the 24-hour customer-service window: WhatsApp accepts only an approved"
                        + " template until the customer writes again");
            }
            body.put("type", "text");
            body.put(
                    "text",
                    Map.of("preview_url", false, "body", payload.path("text").asString("")));
        }
        GraphApi.Answer answer = graph.post(
                MetaSettings.graph(settings) + MetaSettings.string(settings, "phoneNumberId") + "/messages",
                MetaSettings.string(settings, "accessToken"),
                body);
        if (answer.ok()) {
            String ref = answer.body() == null
                    ? null
                    : answer.body().path("messages").path(0).path("id").asString(null);
            items.outgoing(channel, messageId, null, thread, null);
            items.sent(channel, messageId, ref == null ? "accepted:" + messageId : ref);
        }
        if (answer.tokenInvalid()) alarm.expired(channel, answer);
        return answer.outcome();
    }

    @Override
    public Health health(Map<String, Object> settings) {
        GraphApi.Answer answer = graph.get(
                MetaSettings.graph(settings) + MetaSettings.string(settings, "phoneNumberId") + "?fields=id",
                MetaSettings.string(settings, "accessToken"));
        if (answer.ok()) return Health.OK;
        if (answer.tokenInvalid()) return Health.error(TOKEN_EXPIRED + " — " + answer.message());
        if (answer.failure() != null) return Health.warning("Meta could not be reached: " + answer.failure());
        return Health.error("Meta: " + answer.message());
    }

    @Override
    public Optional<UUID> replyChannel(ReplySent reply) {
        return items.channelOf(reply.conversationId());
    }

    private Optional<UUID> channelId(Map<String, Object> settings) {
        return jdbc.sql("""
                        select id from channel where type = 'whatsapp' and settings ->> 'phoneNumberId' = ?
                         order by created_at, id limit 1
                        """)
                .param(MetaSettings.string(settings, "phoneNumberId"))
                .query(UUID.class)
                .optional();
    }
}
