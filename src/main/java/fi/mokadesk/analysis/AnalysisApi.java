package fi.mokadesk.analysis;

import fi.mokadesk.conversation.CustomerMessages;
import fi.mokadesk.conversation.CustomerMessages.CustomerMessage;
import fi.mokadesk.conversation.LabelCorrections;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.LabelCorrected;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Analysis", description = "Correct analysis labels; corrections become training data")
class AnalysisApi {

    private final Corrections corrections;

    AnalysisApi(Corrections corrections) {
        this.corrections = corrections;
    }

    record LabelRequest(String task, String label) {}

    @PostMapping("/api/v1/messages/{id}/labels")
    @Operation(summary = "Correct a label of a customer message (task: sentiment, category, abusive, language)")
    ResponseEntity<Void> correct(@PathVariable UUID id, @RequestBody LabelRequest request) {
        corrections.correct(id, request.task(), request.label());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/analysis/corrections")
    @Operation(summary = "Corrected messages with their text (lead, admin): training data for the next model")
    List<Map<String, Object>> list(@RequestParam(defaultValue = "1000") int limit) {
        return corrections.list(InvalidInput.requireBetween("limit", limit, 1, 10_000));
    }

    @GetMapping("/api/v1/analysis/agreement")
    @Operation(
            summary = "How often agents agreed with each model version (lead, admin)",
            description = "Per model version, oldest first: customer messages analysed, and per task how many"
                    + " labels agents corrected and the share left uncorrected. After retraining with the"
                    + " corrections, the new version's row shows whether agreement improved.")
    List<Map<String, Object>> agreement() {
        return corrections.agreement();
    }
}

/** Agents' corrections of analysis labels. */
@Service
class Corrections implements LabelCorrections {

    static final Map<String, Set<String>> LABELS = Map.of(
            "sentiment", Set.of("negative", "neutral", "positive"),
            "category",
                    Set.of(
                            "product",
                            "service",
                            "delivery",
                            "billing",
                            "instructions",
                            "user_error",
                            "praise",
                            "question",
                            "other"),
            "abusive", Set.of("true", "false"),
            "language", Set.of("fi", "sv", "en", "other"));

    private final AnalysisStore store;
    private final CustomerMessages messages;
    private final ApplicationEventPublisher events;

    Corrections(AnalysisStore store, CustomerMessages messages, ApplicationEventPublisher events) {
        this.store = store;
        this.messages = messages;
        this.events = events;
    }

    @Transactional
    @Override
    public UUID correct(UUID messageId, String task, String label) {
        Access access = Access.require(Role.AGENT);
        if (task == null || !LABELS.containsKey(task)) {
            throw new InvalidInput("task", "must be one of sentiment, category, abusive, language");
        }
        if (label == null || !LABELS.get(task).contains(label)) {
            throw new InvalidInput(
                    "label",
                    "must be one of "
                            + String.join(
                                    ", ", LABELS.get(task).stream().sorted().toList()));
        }
        CustomerMessage message = messages.find(List.of(messageId)).stream()
                .findFirst()
                .orElseThrow(() -> new NotFound("no such customer message"));
        String by = access.actor().name();
        String predicted = store.correct(access.workspaceId(), messageId, task, label, by);
        // The conversation follows the labels it shows; the language is not one of them.
        if (!task.equals("language")) {
            events.publishEvent(
                    new LabelCorrected(access.workspaceId(), message.conversationId(), messageId, task, label, by));
        }
        events.publishEvent(new Audited("analysis.correct." + task, "message", messageId.toString(), predicted, label));
        return message.conversationId();
    }

    public List<Map<String, Object>> list(int limit) {
        Access.require(Role.LEAD);
        List<Map<String, Object>> corrections = store.corrections(Math.min(Math.max(limit, 1), 10_000));
        Map<UUID, String> texts = new HashMap<>();
        messages.find(corrections.stream()
                        .map(c -> (UUID) c.get("message_id"))
                        .distinct()
                        .toList())
                .forEach(m -> texts.put(m.id(), m.text()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> c : corrections) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("message_id", c.get("message_id"));
            row.put("text", texts.get((UUID) c.get("message_id")));
            row.put("task", c.get("task"));
            row.put("predicted", c.get("predicted"));
            row.put("corrected", c.get("corrected"));
            row.put("corrected_by", c.get("corrected_by"));
            row.put("corrected_at", c.get("corrected_at"));
            out.add(row);
        }
        return out;
    }

    List<Map<String, Object>> agreement() {
        Access.require(Role.LEAD);
        return store.agreement();
    }
}
