package fi.mokadesk.reply;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/templates")
@Tag(name = "Reply templates", description = "Templates with variables, per workspace and language")
class TemplateApi {

    private final ReplyTemplates templates;
    private final Conversations conversations;

    TemplateApi(ReplyTemplates templates, Conversations conversations) {
        this.templates = templates;
        this.conversations = conversations;
    }

    record TemplateBody(String name, String language, String body) {}

    record PreviewRequest(UUID conversationId, Map<String, String> variables) {}

    record Preview(String text, List<String> unfilled) {}

    @GetMapping
    @Operation(summary = "The workspace's templates (the starter set on first use), optionally of one language")
    List<ReplyTemplates.Template> list(@RequestParam(required = false) String language) {
        return templates.list(language);
    }

    @GetMapping("/{id}")
    ReplyTemplates.Template get(@PathVariable UUID id) {
        return templates.get(id);
    }

    @PostMapping
    @Operation(summary = "Add a template (leads and admins)")
    ResponseEntity<ReplyTemplates.Template> create(@RequestBody TemplateBody body) {
        if (body == null) throw new InvalidInput("body", "is required");
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(templates.create(body.name(), body.language(), body.body()));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a template (leads and admins); fields left out stay")
    ReplyTemplates.Template update(@PathVariable UUID id, @RequestBody TemplateBody body) {
        if (body == null) throw new InvalidInput("body", "is required");
        return templates.update(id, body.name(), body.language(), body.body());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Remove a template (leads and admins)")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        templates.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/preview")
    @Operation(
            summary = "The template filled in: the customer's first name from the conversation, the agent's name,"
                    + " and order_number and link from the variables given")
    Preview preview(@PathVariable UUID id, @RequestBody(required = false) PreviewRequest request) {
        ReplyTemplates.Template template = templates.get(id);
        Map<String, String> values = values(
                conversations,
                request == null ? null : request.conversationId(),
                request == null ? null : request.variables());
        String text = ReplyTemplates.render(template, values);
        List<String> unfilled = TemplateText.unfilled(text).stream()
                .map(span -> text.substring(span[0], span[1]).replaceAll("[{} ]", ""))
                .distinct()
                .toList();
        return new Preview(text, unfilled);
    }

    /** The values a template can be filled with in this conversation, by this person. */
    static Map<String, String> values(Conversations conversations, UUID conversationId, Map<String, String> given) {
        Map<String, String> values = new HashMap<>();
        if (given != null) {
            if (given.size() > 20) throw new InvalidInput("variables", "allows at most 20 values");
            for (Map.Entry<String, String> e : given.entrySet()) {
                if (!TemplateText.VARIABLES.contains(e.getKey())) {
                    throw new InvalidInput(
                            "variables", "knows only " + String.join(", ", TemplateText.VARIABLES) + ": " + e.getKey());
                }
                String v = e.getValue() == null
                        ? null
                        : StorableText.require(e.getValue(), "variables").strip();
                if (v != null && v.length() > 500)
                    throw new InvalidInput("variables", "values are at most 500 characters");
                values.put(e.getKey(), v);
            }
        }
        values.putIfAbsent("agent_name", Access.require().actor().name());
        if (conversationId != null) {
            values.putIfAbsent(
                    "customer_first_name",
                    TemplateText.firstName(
                            conversations.get(conversationId).conversation().contactName()));
        }
        return values;
    }
}
