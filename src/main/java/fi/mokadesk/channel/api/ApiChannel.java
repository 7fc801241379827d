package fi.mokadesk.channel.api;

import fi.mokadesk.channel.ChannelAdapter;
import fi.mokadesk.channel.JsonPost;
import fi.mokadesk.channel.OutboundAddresses;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.kernel.InvalidInput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic API channel: an integration posts customer messages with a bearer token, and replies go to
 * its webhook ({@code webhookUrl}), signed with HMAC-SHA256 of the body under {@code webhookSecret}.
 */
@Component
public class ApiChannel implements ChannelAdapter {

    static final String WEBHOOK_URL = "webhookUrl";
    static final String WEBHOOK_SECRET = "webhookSecret";

    private final JsonPost post;
    private final OutboundAddresses addresses;
    private final JsonMapper json = JsonMapper.builder().build();

    public ApiChannel(JsonPost post, OutboundAddresses addresses) {
        this.post = post;
        this.addresses = addresses;
    }

    @Override
    public String type() {
        return "api";
    }

    @Override
    public Set<String> secretFields() {
        return Set.of(WEBHOOK_SECRET);
    }

    @Override
    public Map<String, Object> validate(Map<String, Object> settings) {
        for (String name : settings.keySet()) {
            if (!name.equals(WEBHOOK_URL) && !name.equals(WEBHOOK_SECRET)) {
                throw new InvalidInput(
                        "settings." + name, "is not a setting of an api channel (webhookUrl, webhookSecret)");
            }
        }
        Map<String, Object> clean = new LinkedHashMap<>();
        Object url = settings.get(WEBHOOK_URL);
        if (url != null && !(url instanceof String)) throw new InvalidInput("settings.webhookUrl", "must be a string");
        if (url != null && !((String) url).isBlank()) {
            String trimmed = ((String) url).strip();
            if (trimmed.length() > 2000)
                throw new InvalidInput("settings.webhookUrl", "is longer than 2000 characters");
            addresses.refusal(trimmed).ifPresent(why -> {
                throw new InvalidInput("settings.webhookUrl", why);
            });
            clean.put(WEBHOOK_URL, trimmed);
        }
        Object secret = settings.get(WEBHOOK_SECRET);
        if (secret != null) {
            if (!(secret instanceof String text)) throw new InvalidInput("settings.webhookSecret", "must be a string");
            if (text.strip().length() < 16 || text.length() > 200) {
                throw new InvalidInput("settings.webhookSecret", "must be 16 to 200 characters");
            }
            clean.put(WEBHOOK_SECRET, text.strip());
        }
        return clean;
    }

    /** The body of {@code POST /api/v1/messages}; the bearer token in front of it is the verification. */
    @Override
    public InboundMessage inbound(Map<String, Object> settings, Map<String, String> headers, byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidInput("body", "is not JSON");
        }
        if (node == null || !node.isObject()) throw new InvalidInput("body", "must be a JSON object");
        JsonNode author = node.path("author");
        Instant received = null;
        String at = text(node, "receivedAt");
        if (at != null) {
            try {
                received = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new InvalidInput("receivedAt", "must be an ISO-8601 instant");
            }
        }
        return new InboundMessage(
                type(),
                text(node, "externalId"),
                text(node, "threadKey"),
                text(author, "name"),
                text(author, "handle"),
                text(author, "email"),
                text(node, "subject"),
                text(node, "text"),
                node.path("public").asBoolean(false),
                received);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    @Override
    public Outcome send(Map<String, Object> settings, Delivery delivery) {
        Object secret = settings.get(WEBHOOK_SECRET);
        if (delivery.target() == null || delivery.target().isBlank()) {
            return Outcome.failed("no webhook URL is set for the api channel");
        }
        if (!(secret instanceof String s) || s.isEmpty()) return Outcome.failed("no webhook secret is set");
        JsonPost.Result result = post.sendSigned(delivery.target(), delivery.payload(), s, "Mokadesk-Webhook/1");
        if (result.delivered()) return Outcome.sent();
        return result.permanent() ? Outcome.failed(result.reason()) : Outcome.retry(result.reason());
    }

    @Override
    public Health health(Map<String, Object> settings) {
        Object url = settings.get(WEBHOOK_URL);
        if (url == null || url.toString().isBlank()) {
            return Health.warning("Vastauksille ei ole webhook-osoitetta / No webhook URL for replies");
        }
        return addresses
                .refusal(url.toString())
                .map(why -> Health.error("Webhook-osoitetta ei voi käyttää / The webhook URL cannot be used: " + why))
                .orElse(Health.OK);
    }
}
