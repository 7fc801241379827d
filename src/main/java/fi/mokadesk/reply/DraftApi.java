package fi.mokadesk.reply;

import com.fasterxml.jackson.annotation.JsonProperty;
import fi.mokadesk.kernel.ApiErrors;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Reply drafts", description = "Drafts, four-eyes review, the review queue and review settings")
class DraftApi {

    private static final Logger log = LoggerFactory.getLogger(DraftApi.class);

    private final ReplyDrafts drafts;
    private final ReplySettings settings;
    private final fi.mokadesk.conversation.Conversations conversations;
    private final org.springframework.transaction.support.TransactionTemplate transaction;

    DraftApi(
            ReplyDrafts drafts,
            ReplySettings settings,
            fi.mokadesk.conversation.Conversations conversations,
            org.springframework.transaction.support.TransactionTemplate transaction) {
        this.drafts = drafts;
        this.settings = settings;
        this.conversations = conversations;
        this.transaction = transaction;
    }

    record DraftRequest(String text, @JsonProperty("public") Boolean isPublic) {}

    record CommentRequest(String comment) {}

    record SendRequest(Boolean confirm, String override) {}

    record ReviewSettingsBody(
            Boolean publicNegative,
            Boolean inTraining,
            Boolean openIncident,
            Boolean compensation,
            List<UUID> peopleInTraining,
            String toneGuide,
            List<String> coachDisabledRules,
            Map<String, List<String>> coachExtraPhrases) {}

    @PostMapping("/conversations/{id}/drafts")
    @Operation(summary = "Start a reply draft: the coach's findings and whether review is required come back")
    ResponseEntity<ReplyDrafts.DraftView> create(@PathVariable UUID id, @RequestBody DraftRequest request) {
        if (request == null) throw new InvalidInput("body", "is required");
        return ResponseEntity.status(HttpStatus.CREATED).body(drafts.create(id, request.text(), request.isPublic()));
    }

    @GetMapping("/conversations/{id}/drafts")
    @Operation(summary = "The conversation's drafts, visible to the whole team, newest first")
    List<ReplyDrafts.DraftView> ofConversation(@PathVariable UUID id) {
        return drafts.ofConversation(id);
    }

    @PostMapping("/conversations/{id}/drafts/suggestion")
    @Operation(summary = "A suggested draft from the configured AI endpoint (404 when none is configured)")
    ResponseEntity<ReplyDrafts.DraftView> suggest(@PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.CREATED).body(drafts.suggest(id));
    }

    @GetMapping("/drafts/{id}")
    @Operation(summary = "One draft")
    ReplyDrafts.DraftView get(@PathVariable UUID id) {
        return drafts.get(id);
    }

    @PutMapping("/drafts/{id}")
    @Operation(summary = "Edit a draft; a draft in review or approved returns to draft")
    ReplyDrafts.DraftView edit(@PathVariable UUID id, @RequestBody DraftRequest request) {
        if (request == null) throw new InvalidInput("body", "is required");
        return drafts.edit(id, request.text(), request.isPublic());
    }

    @PostMapping("/drafts/{id}/submit")
    @Operation(summary = "Ask a lead to review the draft")
    ReplyDrafts.DraftView submit(@PathVariable UUID id) {
        return drafts.submit(id);
    }

    @PostMapping("/drafts/{id}/approve")
    @Operation(summary = "Approve a draft in review (a lead or admin other than the author)")
    ReplyDrafts.DraftView approve(@PathVariable UUID id) {
        return drafts.approve(id);
    }

    @PostMapping("/drafts/{id}/request-changes")
    @Operation(summary = "Send a draft in review back to its author with a comment")
    ReplyDrafts.DraftView requestChanges(@PathVariable UUID id, @RequestBody CommentRequest request) {
        return drafts.requestChanges(id, request == null ? null : request.comment());
    }

    @PostMapping("/drafts/{id}/send")
    @Operation(
            summary = "Send the draft to the customer",
            description = "409 when a required review is missing, when a public reply has blocking findings"
                    + " (a lead may give override with a reason), or when the conversation changed since the"
                    + " draft was started (send again with confirm=true)")
    ReplyDrafts.DraftView send(@PathVariable UUID id, @RequestBody(required = false) SendRequest request) {
        boolean confirm = request != null && Boolean.TRUE.equals(request.confirm());
        return drafts.send(id, confirm, request == null ? null : request.override());
    }

    @GetMapping("/reviews")
    @Operation(summary = "The review queue: drafts waiting for a lead, the longest-waiting customer first")
    Map<String, Object> reviews(@RequestParam(defaultValue = "100") int limit) {
        return Map.of("items", drafts.reviewQueue(limit));
    }

    @GetMapping("/reply-settings")
    @Operation(summary = "The workspace's review rules, people in training and tone guide")
    Map<String, Object> settings() {
        Access.require(Role.AGENT);
        return settingsBody(settings.values());
    }

    @PutMapping("/reply-settings")
    @Operation(summary = "Change the review rules, people in training and tone guide (admins)")
    Map<String, Object> saveSettings(@RequestBody ReviewSettingsBody body) {
        Access.require(Role.ADMIN);
        if (body == null) throw new InvalidInput("body", "is required");
        List<UUID> people = body.peopleInTraining() == null ? List.of() : body.peopleInTraining();
        if (people.size() > 500) throw new InvalidInput("peopleInTraining", "allows at most 500 people");
        var members = conversations.members().stream()
                .map(m -> String.valueOf(m.get("id")))
                .toList();
        for (UUID person : people) {
            if (person == null || !members.contains(person.toString())) {
                throw new InvalidInput("peopleInTraining", "names someone who is not an agent of this workspace");
            }
        }
        ReviewRules before = settings.rules();
        ReviewRules rules = new ReviewRules(
                body.publicNegative() == null ? before.publicNegative() : body.publicNegative(),
                body.inTraining() == null ? before.inTraining() : body.inTraining(),
                body.openIncident() == null ? before.openIncident() : body.openIncident(),
                body.compensation() == null ? before.compensation() : body.compensation());
        CoachSettings coach = body.coachDisabledRules() == null && body.coachExtraPhrases() == null
                ? null
                : ReplySettings.coachSettings(body.coachDisabledRules(), body.coachExtraPhrases());
        return transaction.execute(status -> {
            ReplySettings.Values old = settings.values();
            settings.save(rules, people, body.toneGuide(), coach != null ? coach : old.coach());
            ReplySettings.Values now = settings.values();
            settings.audited(settingsBody(old), settingsBody(now));
            return settingsBody(now);
        });
    }

    private static Map<String, Object> settingsBody(ReplySettings.Values v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("publicNegative", v.rules().publicNegative());
        out.put("inTraining", v.rules().inTraining());
        out.put("openIncident", v.rules().openIncident());
        out.put("compensation", v.rules().compensation());
        out.put("peopleInTraining", v.inTraining());
        out.put("toneGuide", v.toneGuide());
        out.put(
                "coachDisabledRules",
                v.coach().disabledRules().stream().map(CoachRule::id).sorted().toList());
        out.put("coachExtraPhrases", ReplySettings.phraseIds(v.coach()));
        return out;
    }

    @ExceptionHandler(IllegalDraftMove.class)
    ResponseEntity<Map<String, Object>> illegal(IllegalDraftMove e) {
        log.info("Refused draft move {} -> {}", e.from().code(), e.to().code());
        Map<String, Object> body = ApiErrors.body("illegal_transition", "state", e.getMessage());
        body.put("state", e.from().code());
        return conflict(body);
    }

    @ExceptionHandler(DraftRefused.class)
    ResponseEntity<Map<String, Object>> refused(DraftRefused e) {
        log.info("Refused to send a draft ({}): {}", e.code(), e.getMessage());
        return conflict(e.body());
    }

    @ExceptionHandler(AiDrafts.Unavailable.class)
    ResponseEntity<Map<String, Object>> aiUnavailable(AiDrafts.Unavailable e) {
        log.info("No AI draft: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.body("ai_unavailable", null, e.getMessage()));
    }

    private static ResponseEntity<Map<String, Object>> conflict(Map<String, Object> body) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
