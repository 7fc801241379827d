package fi.mokadesk.conversation;

import fi.mokadesk.conversation.Views.Change;
import fi.mokadesk.conversation.Views.ConversationDetail;
import fi.mokadesk.conversation.Views.ConversationSummary;
import fi.mokadesk.conversation.Views.Filter;
import fi.mokadesk.conversation.Views.Page;
import fi.mokadesk.kernel.ApiErrors;
import fi.mokadesk.kernel.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(
        name = "Conversations",
        description = "Read the inbox, reply, change status (customer messages arrive through the channels)")
class ConversationApi {

    private static final Logger log = LoggerFactory.getLogger(ConversationApi.class);

    private final Conversations conversations;
    private final CustomerTiers tiers;
    private final ObjectProvider<ReplyGate> gate;

    ConversationApi(Conversations conversations, CustomerTiers tiers, ObjectProvider<ReplyGate> gate) {
        this.conversations = conversations;
        this.tiers = tiers;
        this.gate = gate;
    }

    record TierRequest(String tier) {}

    record Tier(UUID contactId, String tier) {}

    record WriteRequest(String type, String text) {}

    record HideRequest(String reason) {}

    @GetMapping("/conversations")
    @Operation(
            summary =
                    "The inbox: newest first (or sort=attention: abusive, negative, urgent first), filtered, with a cursor for the next page")
    Page<ConversationSummary> list(
            @ParameterObject Filter filter,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        return conversations.list(filter, cursor, limit);
    }

    @GetMapping("/conversations/{id}")
    @Operation(summary = "One conversation with its messages, oldest first")
    ConversationDetail get(@PathVariable UUID id) {
        return conversations.get(id);
    }

    @PostMapping("/conversations/{id}/messages")
    @Operation(summary = "Reply to the customer (type=reply) or add an internal note (type=note)")
    ResponseEntity<Map<String, UUID>> write(@PathVariable UUID id, @RequestBody WriteRequest request) {
        String type = request.type() == null ? "reply" : request.type();
        if (!type.equals("reply") && !type.equals("note")) throw new InvalidInput("type", "must be reply or note");
        // A direct reply passes the same review rules and blocking coach rules as a draft (reply module).
        if (type.equals("reply")) gate.ifAvailable(g -> g.check(id, request.text()));
        UUID message = conversations.write(id, request.text(), type.equals("note"));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("messageId", message));
    }

    @PatchMapping("/conversations/{id}")
    @Operation(summary = "Change status, assignee (user id, 'me' or 'none'), priority or tags")
    ConversationSummary change(@PathVariable UUID id, @RequestBody Change change) {
        return conversations.change(id, change);
    }

    @PostMapping("/messages/{id}/hide")
    @Operation(summary = "Hide an abusive customer message; it is kept with who, when and why")
    ResponseEntity<Void> hide(@PathVariable UUID id, @RequestBody HideRequest request) {
        conversations.hide(id, request.reason());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/contacts/{id}/tier")
    @Operation(summary = "The customer's value tier: standard or key (key account)")
    Tier tier(@PathVariable UUID id) {
        return new Tier(id, tiers.of(id).code());
    }

    @PutMapping("/contacts/{id}/tier")
    @Operation(
            summary =
                    "Mark a customer as a key account (tier=key) or standard (leads); SLA timers started from now on use it")
    Tier changeTier(@PathVariable UUID id, @RequestBody(required = false) TierRequest request) {
        if (request == null) throw new InvalidInput("tier", "is required: standard or key");
        return new Tier(id, tiers.change(id, request.tier()).code());
    }

    /** A direct reply that needs review or breaks a blocking rule: 409 with the reasons or the rules. */
    @ExceptionHandler(ReplyRefused.class)
    ResponseEntity<Map<String, Object>> replyRefused(ReplyRefused e) {
        log.info("Refused a direct reply ({}): {}", e.code(), e.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_JSON)
                .body(e.body());
    }

    /** A move the status rules refuse: 409 with the reason, in the same shape as every other API error. */
    @ExceptionHandler(IllegalTransition.class)
    ResponseEntity<Map<String, Object>> refused(IllegalTransition e) {
        log.info("Refused status change {} -> {}: {}", e.from().code(), e.to().code(), e.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.body("illegal_transition", "status", e.getMessage()));
    }
}
