package fi.mokadesk.channel.meta;

import fi.mokadesk.kernel.ApiErrors;
import fi.mokadesk.kernel.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** "Move to private" and hiding or showing a comment on the platform, for integrations and the UI's scripts. */
@RestController
@Tag(name = "Conversations")
class MetaApi {

    private static final Logger log = LoggerFactory.getLogger(MetaApi.class);

    record MoveRequest(UUID messageId, String publicText, String privateText) {}

    record VisibilityRequest(Boolean hidden) {}

    private final MoveToPrivate move;
    private final PlatformModeration moderation;

    MetaApi(MoveToPrivate move, PlatformModeration moderation) {
        this.move = move;
        this.moderation = moderation;
    }

    @PostMapping("/api/v1/conversations/{id}/move-to-private")
    @Operation(
            summary = "Answer a public Facebook/Instagram comment publicly and privately (202 with both deliveries);"
                    + " 409 when the comment cannot be answered privately")
    ResponseEntity<MoveToPrivate.Moved> moveToPrivate(
            @PathVariable UUID id, @RequestBody(required = false) MoveRequest body) {
        MoveRequest request = body == null ? new MoveRequest(null, null, null) : body;
        MoveToPrivate.Moved moved =
                move.move(id, request.messageId(), request.publicText(), request.privateText(), locale());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(moved);
    }

    @PostMapping("/api/v1/messages/{id}/platform-visibility")
    @Operation(summary = "Hide or show a customer's comment on Facebook/Instagram (lead); 202 with the delivery")
    ResponseEntity<Map<String, Object>> visibility(
            @PathVariable UUID id, @RequestBody(required = false) VisibilityRequest body) {
        if (body == null || body.hidden() == null) throw new InvalidInput("hidden", "is required (true or false)");
        UUID delivery = moderation.byLead(id, body.hidden());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("deliveryId", delivery, "hidden", body.hidden()));
    }

    @ExceptionHandler(MoveToPrivate.Refused.class)
    ResponseEntity<Map<String, Object>> refused(MoveToPrivate.Refused e) {
        log.info("Move to private refused: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.body("conflict", "messageId", e.getMessage()));
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
