package fi.mokadesk.channel.meta;

import fi.mokadesk.channel.ChannelAdapter.Outcome;
import fi.mokadesk.channel.OutboundAddresses;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the Graph API (Facebook, Instagram and WhatsApp Cloud API share it) through the desk's outbound
 * policy, with the channel's token as a bearer token, and reads Meta's answers and errors: which failures
 * pass (retry), which never will (shown on the message with Meta's own text) and which mean the token is no
 * longer valid (the channel needs reconnecting). Never throws for a failure of the platform.
 */
@Component
public class GraphApi {

    /** Codes Meta documents as temporary (throttling, service trouble). */
    static final Set<Integer> TRANSIENT = Set.of(1, 2, 4, 17, 32, 341, 613);
    /** An expired or revoked token, or a password change: the channel has to be reconnected. */
    static final int TOKEN = 190;

    /** One answer: {@code status} 0 when no answer came; {@code body} the JSON (or null). */
    public record Answer(int status, JsonNode body, String failure, boolean mayHaveArrived) {

        Answer(int status, JsonNode body, String failure) {
            this(status, body, failure, false);
        }

        public boolean ok() {
            return failure == null && status / 100 == 2;
        }

        public int code() {
            return body == null ? 0 : body.path("error").path("code").asInt(0);
        }

        public int subcode() {
            return body == null ? 0 : body.path("error").path("error_subcode").asInt(0);
        }

        /** Meta's own words, e.g. {@code (#10900) Activity already replied to}. */
        public String message() {
            if (failure != null) return failure;
            String text = body == null ? null : MetaEvents.text(body.path("error"), "message");
            return text == null ? "HTTP " + status : text;
        }

        public boolean tokenInvalid() {
            return code() == TOKEN;
        }

        /** What this answer means for the delivery that caused it. */
        public Outcome outcome() {
            if (ok()) return Outcome.sent();
            // The request left but no answer came: Meta may have posted it; a person checks rather than a resend.
            if (failure != null && mayHaveArrived) return Outcome.uncertain("delivery uncertain — check: " + failure);
            if (failure != null) return Outcome.retry(failure);
            int code = code();
            String why = "Meta: " + message()
                    + (code == 0 ? "" : " (code " + code + (subcode() == 0 ? "" : "/" + subcode()) + ")");
            // An expired token is no fault of the delivery: it waits, attempts untouched, for the reconnect.
            if (code == TOKEN) return Outcome.held("token expired — reconnect the channel. " + why);
            if (status >= 500 || TRANSIENT.contains(code) || status == 429) return Outcome.retry(why);
            return Outcome.failed(why);
        }
    }

    private final CloseableHttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    GraphApi(OutboundAddresses addresses) {
        this.http = addresses.httpClient(Duration.ofSeconds(15));
    }

    public Answer post(String url, String token, Object body) {
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(
                json.writeValueAsString(body), ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        return call(post, token);
    }

    public Answer get(String url, String token) {
        return call(new HttpGet(url), token);
    }

    /** Bytes of a media file, at most {@code limit}; null with the reason in {@code why[0]} when it failed. */
    public byte[] download(String url, String token, long limit, String[] why) {
        try {
            HttpGet get = new HttpGet(url);
            get.setHeader("Authorization", "Bearer " + token);
            return http.execute(get, response -> {
                if (response.getCode() / 100 != 2) {
                    why[0] = "HTTP " + response.getCode();
                    return null;
                }
                if (response.getEntity() == null) return new byte[0];
                try (var in = response.getEntity().getContent()) {
                    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
                    if (bytes.length > limit) {
                        why[0] = "larger than " + limit + " bytes";
                        return null;
                    }
                    return bytes;
                }
            });
        } catch (IOException | RuntimeException e) {
            why[0] = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return null;
        }
    }

    private Answer call(HttpUriRequestBase request, String token) {
        if (token == null || token.isBlank()) return new Answer(0, null, "no access token is set for the channel");
        request.setHeader("Authorization", "Bearer " + token);
        request.setHeader("User-Agent", "Mokadesk/1");
        try {
            return http.execute(request, response -> {
                String text = response.getEntity() == null
                        ? ""
                        : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                JsonNode body;
                try {
                    body = text.isBlank() ? null : json.readTree(text);
                } catch (RuntimeException e) {
                    body = null;
                }
                return new Answer(response.getCode(), body, null);
            });
        } catch (OutboundAddresses.Refused e) {
            return new Answer(0, null, "refused: " + e.getMessage());
        } catch (IllegalArgumentException | ClientProtocolException e) {
            return new Answer(400, null, null);
        } catch (java.net.ConnectException
                | java.net.UnknownHostException
                | org.apache.hc.client5.http.ConnectTimeoutException e) {
            return new Answer(
                    0, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (IOException | RuntimeException e) {
            boolean posted = request instanceof HttpPost;
            return new Answer(
                    0,
                    null,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    posted);
        }
    }

    @PreDestroy
    void close() throws IOException {
        http.close();
    }
}
