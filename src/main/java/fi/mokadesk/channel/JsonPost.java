package fi.mokadesk.channel;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.springframework.stereotype.Component;

/**
 * Every JSON POST to a receiver outside Mokadesk (reply webhook, chat integrations, audit heads) goes
 * through here, and so through {@link OutboundAddresses}: the client resolves names only through that
 * policy, connects only to the addresses it allowed and never follows a redirect. Answers what went wrong
 * instead of throwing, so callers store it as the reason; the retry schedule is shared too.
 */
@Component
public class JsonPost {

    /** What became of one POST: {@code reason} is null when the receiver answered 2xx. */
    public record Result(String reason, boolean permanent) {
        public boolean delivered() {
            return reason == null;
        }
    }

    private final CloseableHttpClient http;

    JsonPost(OutboundAddresses addresses) {
        this.http = addresses.httpClient(Duration.ofSeconds(10));
    }

    /** POSTs {@code body} as JSON with the given headers. */
    public Result send(String target, String body, Map<String, String> headers) {
        try {
            HttpPost post = new HttpPost(target);
            headers.forEach(post::setHeader);
            post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
            int status = http.execute(post, response -> response.getCode());
            return new Result(status / 100 == 2 ? null : "HTTP " + status, false);
        } catch (OutboundAddresses.Refused e) {
            return new Result("refused: " + e.getMessage(), true);
        } catch (IllegalArgumentException | ClientProtocolException e) {
            return new Result("not a usable URL: " + e.getMessage(), true);
        } catch (IOException | RuntimeException e) {
            return new Result(
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), false);
        }
    }

    /**
     * POSTs {@code body} signed for the receiver: {@code X-Mokadesk-Timestamp} (Unix seconds) and
     * {@code X-Mokadesk-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body" with the secret>}.
     */
    public Result sendSigned(String target, String body, String secret, String userAgent) {
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        return send(
                target,
                body,
                Map.of(
                        "User-Agent",
                        userAgent,
                        "X-Mokadesk-Timestamp",
                        timestamp,
                        "X-Mokadesk-Signature",
                        "sha256=" + signature(secret, timestamp + "." + body)));
    }

    /** Hex HMAC-SHA256 of {@code data} with {@code secret}, as receivers recompute it. */
    public static String signature(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Wait before the next attempt: 5 s after the first failure, then 10 s, 20 s, 40 s … at most an hour. */
    public static Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(3600, 5L << Math.min(Math.max(attempts - 1, 0), 12)));
    }

    @PreDestroy
    void close() throws IOException {
        http.close();
    }
}
