package fi.mokadesk.channel.form;

import fi.mokadesk.secret.SecretKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.springframework.stereotype.Component;

/**
 * Signed values of the form: the time a page was handed out (for the minimum fill time: a bot posts within
 * a second, a person takes longer) and the mark of the health monitor's canaries. Both are HMAC-SHA256 under
 * a key of their own derived from the installation's key, so nobody outside can make one.
 */
@Component
class Stamps {

    static final String PURPOSE = "form-stamps";

    /** What a stamp says about the time the form was filled in. */
    enum Verdict {
        /** No stamp: a form posted without the page's script, or by another system. */
        NONE,
        FORGED,
        TOO_FAST,
        EXPIRED,
        OK
    }

    private final SecretKey key;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    Stamps(SecretKeys keys) {
        this(keys.key(PURPOSE), Clock.systemUTC());
    }

    Stamps(SecretKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** A stamp of now for the form {@code formKey}: {@code <epoch millis>.<signature>}. */
    String issue(String formKey) {
        String millis = Long.toString(clock.millis());
        return millis + "." + sign("stamp", formKey, millis);
    }

    Verdict check(String formKey, String stamp, Duration minimum, Duration maximum) {
        if (stamp == null || stamp.isBlank()) return Verdict.NONE;
        int dot = stamp.indexOf('.');
        if (dot <= 0 || dot > 20) return Verdict.FORGED;
        String millis = stamp.substring(0, dot);
        if (!equal(sign("stamp", formKey, millis), stamp.substring(dot + 1))) return Verdict.FORGED;
        Instant issued;
        try {
            issued = Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return Verdict.FORGED;
        }
        Duration age = Duration.between(issued, clock.instant());
        if (age.compareTo(minimum) < 0) return Verdict.TOO_FAST;
        if (age.compareTo(maximum) > 0) return Verdict.EXPIRED;
        return Verdict.OK;
    }

    /** The header value that marks a health check's canary {@code checkId} for {@code formKey}. */
    String canary(String formKey, UUID checkId) {
        return checkId + "." + sign("canary", formKey, checkId.toString());
    }

    /** The check id of a genuine canary mark, or null. */
    UUID canaryId(String formKey, String header) {
        if (header == null) return null;
        int dot = header.indexOf('.');
        if (dot != 36) return null;
        String id = header.substring(0, dot);
        if (!equal(sign("canary", formKey, id), header.substring(dot + 1))) return null;
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String sign(String kind, String formKey, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((kind + "\n" + formKey + "\n" + value).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean equal(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
