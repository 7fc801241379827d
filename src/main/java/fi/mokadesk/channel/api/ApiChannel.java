package fi.mokadesk.channel.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import fi.mokadesk.channel.ChannelAdapter;
import fi.mokadesk.channel.JsonPost;
import fi.mokadesk.channel.OutboundAddresses;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.kernel.InvalidInput;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
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
    private final JsonMapper json;

    public ApiChannel(JsonPost post, OutboundAddresses addresses, JsonMapper json) {
        this.post = post;
        this.addresses = addresses;
        this.json = json;
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

    /** The JSON body of {@code POST /api/v1/messages}. */
    record Payload(
            String channel,
            String externalId,
            String threadKey,
            Author author,
            String subject,
            String text,
            @JsonProperty("public") Boolean isPublic,
            String receivedAt) {}

    record Author(String name, String handle, String email) {}

    /**
     * The body of {@code POST /api/v1/messages} as a customer message. The bearer token in front of it is the
     * verification, so the settings (which only concern replies) play no part. The generic API speaks for
     * any channel type: {@code channel} in the body (default {@code api}) says where the message came from.
     * A body that is not JSON of this shape ends in Jackson's exception, which the API answers like any
     * other unreadable JSON body (400 naming the field of the wrong type).
     */
    @Override
    public InboundMessage inbound(Map<String, Object> settings, Map<String, String> headers, byte[] body) {
        Payload payload = read(headers.get("content-type"), body);
        if (payload == null) throw new InvalidInput("body", "is required");
        Author author = payload.author() == null ? new Author(null, null, null) : payload.author();
        return new InboundMessage(
                payload.channel(),
                payload.externalId(),
                payload.threadKey(),
                author.name(),
                author.handle(),
                author.email(),
                payload.subject(),
                payload.text(),
                Boolean.TRUE.equals(payload.isPublic()),
                instant(payload.receivedAt()));
    }

    /** Read as Spring reads any JSON body: the desk's own mapper, and the charset the sender declared. */
    private Payload read(String contentType, byte[] body) {
        Charset charset = null;
        if (contentType != null) {
            try {
                charset = MediaType.parseMediaType(contentType).getCharset();
            } catch (RuntimeException e) {
                charset = null; // a broken parameter: JSON's own encoding detection decides
            }
        }
        if (charset == null || charset.equals(StandardCharsets.UTF_8)) return json.readValue(body, Payload.class);
        return json.readValue(new String(body, charset), Payload.class);
    }

    private static Instant instant(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value.strip()).toInstant();
            } catch (DateTimeParseException again) {
                throw new InvalidInput("receivedAt", "must be an ISO-8601 time such as 2026-11-23T10:15:30Z");
            }
        }
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
