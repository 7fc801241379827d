package fi.mokadesk.channel.whatsapp;

import fi.mokadesk.channel.Channels;
import fi.mokadesk.channel.meta.GraphApi;
import fi.mokadesk.channel.meta.MetaItems;
import fi.mokadesk.channel.meta.MetaSettings;
import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.kernel.ApiErrors;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Outside the 24-hour window WhatsApp accepts only approved templates: the workspace's approved templates
 * are read from the platform ({@code GET /{business-account-id}/message_templates}), and one of them is sent
 * to the conversation's customer as a reply through the outbox. Only templates without variables, chosen
 * from that list; no marketing sends from here.
 */
@RestController
@Tag(name = "Conversations")
class WhatsAppTemplates {

    record Template(String name, String language, String category) {}

    record SendRequest(String name, String language) {}

    /** The platform could not be asked (HTTP 502 with Meta's reason). */
    static class PlatformUnavailable extends RuntimeException {
        PlatformUnavailable(String message) {
            super(message);
        }
    }

    private final Channels channels;
    private final GraphApi graph;
    private final MetaItems items;
    private final Conversations conversations;
    private final TransactionTemplate transaction;

    WhatsAppTemplates(
            Channels channels,
            GraphApi graph,
            MetaItems items,
            Conversations conversations,
            TransactionTemplate transaction) {
        this.channels = channels;
        this.graph = graph;
        this.items = items;
        this.conversations = conversations;
        this.transaction = transaction;
    }

    @GetMapping("/api/v1/conversations/{id}/whatsapp-templates")
    @Operation(summary = "The approved WhatsApp templates that can be sent in this conversation")
    List<Template> list(@PathVariable UUID id) {
        Access.require(Role.AGENT);
        return templates(settings(id));
    }

    @PostMapping("/api/v1/conversations/{id}/whatsapp-template")
    @Operation(summary = "Send an approved WhatsApp template (outside the 24-hour window too); 202 with the delivery")
    ResponseEntity<Map<String, Object>> send(
            @PathVariable UUID id, @RequestBody(required = false) SendRequest request) {
        Access.require(Role.AGENT);
        if (request == null || request.name() == null || request.name().isBlank())
            throw new InvalidInput("name", "is required");
        if (request.language() == null || request.language().isBlank())
            throw new InvalidInput("language", "is required");
        Map<String, Object> settings = settings(id);
        Template chosen = templates(settings).stream()
                .filter(t -> t.name().equals(request.name().strip())
                        && t.language().equals(request.language().strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidInput("name", "is not an approved template of this WhatsApp account"));
        UUID channel = items.channelOf(id).orElseThrow();
        String thread = conversations.get(id).threadKey();
        UUID message = transaction.execute(status -> {
            UUID written =
                    conversations.write(id, "[WhatsApp: " + chosen.name() + " (" + chosen.language() + ")]", false);
            items.outgoing(channel, written, id, thread, "template:" + chosen.name() + ":" + chosen.language());
            return written;
        });
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(Map.of("deliveryId", message, "template", chosen.name()));
    }

    private Map<String, Object> settings(UUID conversation) {
        if (!"whatsapp".equals(conversations.get(conversation).conversation().channel()))
            throw new InvalidInput("conversationId", "templates are for WhatsApp conversations");
        UUID channel = items.channelOf(conversation)
                .orElseThrow(() -> new NotFound("no WhatsApp channel for conversation " + conversation));
        return channels.settingsForWork(channel)
                .orElseThrow(() -> new InvalidInput("channel", "the WhatsApp channel is disabled"));
    }

    private List<Template> templates(Map<String, Object> settings) {
        GraphApi.Answer answer = graph.get(
                MetaSettings.graph(settings) + MetaSettings.string(settings, "businessAccountId")
                        + "/message_templates?status=APPROVED&fields=name,language,status,category,components&limit=200",
                MetaSettings.string(settings, "accessToken"));
        if (!answer.ok()) throw new PlatformUnavailable("Meta: " + answer.message());
        List<Template> result = new ArrayList<>();
        for (JsonNode t : answer.body().path("data")) {
            if (!"APPROVED".equals(t.path("status").asString(""))) continue;
            if (t.toString().contains("{{")) continue; // variables need values this reply cannot give
            result.add(new Template(
                    t.path("name").asString(""),
                    t.path("language").asString(""),
                    t.path("category").asString("")));
        }
        return result;
    }

    @ExceptionHandler(PlatformUnavailable.class)
    ResponseEntity<Map<String, Object>> unavailable(PlatformUnavailable e) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.body("platform", null, e.getMessage()));
    }
}
