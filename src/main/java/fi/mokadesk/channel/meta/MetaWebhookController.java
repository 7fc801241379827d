package fi.mokadesk.channel.meta;

import fi.mokadesk.database.DatabaseUnavailable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one address Meta posts Facebook, Instagram and WhatsApp events to. {@code GET} answers Meta's
 * subscription check; {@code POST} checks {@code X-Hub-Signature-256} (HMAC-SHA256 of the raw bytes with the
 * owning channel's app secret, compared in constant time), stores the body (committed) and answers 200
 * without waiting for any processing: Meta gives up on slow endpoints. When the body could not be stored
 * the answer is 503 and Meta delivers it again.
 */
@RestController
@Tag(name = "Meta webhook", description = "Facebook, Instagram and WhatsApp events from Meta")
class MetaWebhookController {

    private static final Logger log = LoggerFactory.getLogger(MetaWebhookController.class);
    static final String SIGNATURE = "X-Hub-Signature-256";

    private final MetaRoutes routes;
    private final MetaIntake intake;
    private final long maxBytes;
    private final JsonMapper json = JsonMapper.builder().build();

    MetaWebhookController(
            MetaRoutes routes, MetaIntake intake, @Value("${mokadesk.meta.max-body-bytes:8388608}") long maxBytes) {
        this.routes = routes;
        this.intake = intake;
        this.maxBytes = maxBytes;
    }

    @GetMapping(value = "/webhooks/meta", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "Meta's subscription check: echoes hub.challenge when hub.verify_token is a channel's")
    ResponseEntity<String> verify(
            @RequestParam(name = "hub.mode", required = false) String mode,
            @RequestParam(name = "hub.verify_token", required = false) String token,
            @RequestParam(name = "hub.challenge", required = false) String challenge) {
        if ("subscribe".equals(mode) && challenge != null && routes.verifyTokenKnown(token)) {
            log.info("Meta webhook subscription confirmed");
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
        }
        log.warn("Meta webhook subscription check refused (mode {}, verify token known: no)", mode);
        return ResponseEntity.status(403).contentType(MediaType.TEXT_PLAIN).body("verify token not recognised");
    }

    @PostMapping("/webhooks/meta")
    @Operation(summary = "Events from Meta, signed with the app secret (X-Hub-Signature-256)")
    ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
        byte[] body = read(request.getInputStream());
        if (body == null) {
            log.warn("Meta webhook refused: body larger than {} bytes", maxBytes);
            return plain(413, "body too large");
        }
        byte[] signature = signature(request.getHeader(SIGNATURE));
        if (signature == null) {
            log.warn("Meta webhook refused: no valid {} header ({} bytes)", SIGNATURE, body.length);
            return plain(403, "signature required");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (RuntimeException e) {
            log.warn("Meta webhook refused: the body is not JSON ({} bytes)", body.length);
            return plain(400, "body is not JSON");
        }
        if (root == null || !root.isObject()) {
            log.warn("Meta webhook refused: the body is not a JSON object");
            return plain(400, "body is not a JSON object");
        }
        String object = MetaEvents.text(root, "object");
        String type = MetaRoutes.type(object);
        List<String> accounts = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            String id = MetaEvents.text(entry, "id");
            if (id != null) accounts.add(id);
        }
        Set<String> secrets = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String account : accounts) {
            var route = routes.find(type, account);
            if (route.isEmpty()) unknown.add(account);
            else {
                String secret = route.get().setting(MetaSettings.APP_SECRET);
                if (secret != null) secrets.add(secret);
            }
        }
        if (secrets.isEmpty()) {
            // Nothing here to check the signature with, and nothing to store it for.
            log.info("Meta webhook for unknown account(s) {} (object {}); answered 200, not stored", unknown, object);
            return plain(200, "ok");
        }
        for (String secret : secrets) {
            if (!MessageDigest.isEqual(signature, hmac(secret, body))) {
                log.warn("Meta webhook refused: wrong signature for object {} account(s) {}", object, accounts);
                return plain(403, "signature does not match");
            }
        }
        if (!unknown.isEmpty())
            log.info("Meta webhook names unknown account(s) {}; their entries are skipped", unknown);
        try {
            intake.store(object, body);
        } catch (MetaIntake.NotStored e) {
            // Not acknowledged, so nothing is lost: Meta sends the body again later.
            log.warn("Meta webhook answered 503, body not stored ({} bytes): {}", body.length, e.getMessage());
            return ResponseEntity.status(503)
                    .header("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("not stored, send again: " + e.getMessage());
        }
        return plain(200, "ok");
    }

    private byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        return body.length > maxBytes ? null : body;
    }

    /** The signature's bytes from {@code sha256=<64 hex>}, or null when it is missing or malformed. */
    static byte[] signature(String header) {
        if (header == null || !header.startsWith("sha256=") || header.length() != 7 + 64) return null;
        try {
            return HexFormat.of().parseHex(header.substring(7));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseEntity<String> plain(int status, String text) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(text);
    }
}
