package fi.mokadesk.analysis;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
class Corrections implements fi.mokadesk.conversation.LabelCorrections {

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
    private final Conversations conversations;
    private final ApplicationEventPublisher events;

    Corrections(AnalysisStore store, Conversations conversations, ApplicationEventPublisher events) {
        this.store = store;
        this.conversations = conversations;
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
        AnalysisStore.Correction correction = store.correct(
                access.workspaceId(), messageId, task, label, access.actor().name());
        if (correction == null) throw new NotFound("no such customer message");
        conversations.correctSummary(correction.conversationId(), task, label);
        events.publishEvent(new Audited(
                "analysis.correct." + task, "message", messageId.toString(), correction.predicted(), label));
        return correction.conversationId();
    }

    public List<Map<String, Object>> list(int limit) {
        Access.require(Role.LEAD);
        return store.corrections(Math.min(Math.max(limit, 1), 10_000));
    }

    List<Map<String, Object>> agreement() {
        Access.require(Role.LEAD);
        return store.agreement();
    }
}
