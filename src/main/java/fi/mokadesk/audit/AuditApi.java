package fi.mokadesk.audit;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@RestController
@Tag(name = "Audit", description = "The workspace's HMAC-chained audit log, its head and where heads are published")
class AuditApi {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final AuditLog audit;
    private final AuditAnchor anchor;

    AuditApi(AuditLog audit, AuditAnchor anchor) {
        this.audit = audit;
        this.anchor = anchor;
    }

    @GetMapping("/api/v1/audit/verify")
    @Operation(
            summary = "Recompute the chain and check every published head (admin); with seq and hash also a head"
                    + " kept elsewhere. Says which check failed and why.")
    AuditLog.Verification verify(
            @RequestParam(required = false) Long seq, @RequestParam(required = false) String hash) {
        if (seq == null && hash == null) return audit.verify();
        if (seq == null || seq < 1) throw new InvalidInput("seq", "must be a position of 1 or more, given with hash");
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new InvalidInput("hash", "must be 64 lower-case hex digits, given with seq");
        }
        return audit.verify(new AuditLog.Head(seq, hash, null));
    }

    @GetMapping("/api/v1/audit/head")
    @Operation(summary = "The chain's newest entry (admin): position (seq), HMAC hash and time")
    AuditLog.Head head() {
        return audit.head();
    }

    record Subscription(String webhookUrl) {}

    @GetMapping("/api/v1/audit/anchor")
    @Operation(summary = "The URL heads are sent to (admin)")
    AuditAnchor.Subscription subscription() {
        return anchor.subscription();
    }

    @PutMapping("/api/v1/audit/anchor")
    @Operation(
            summary = "Set or clear the URL heads are sent to (admin); signed like the reply webhook with the"
                    + " workspace's webhook secret")
    AuditAnchor.Subscription subscribe(@RequestBody Subscription subscription) {
        return anchor.subscribe(subscription.webhookUrl());
    }

    @GetMapping("/api/v1/audit/anchor/deliveries")
    @Operation(summary = "The newest head deliveries to the subscribed URL (admin)")
    List<AuditAnchor.Delivery> deliveries() {
        return anchor.deliveries();
    }

    @GetMapping("/api/v1/audit")
    @Operation(summary = "Newest audit entries (lead or admin), optionally of one entity")
    List<AuditLog.Entry> recent(
            @RequestParam(required = false) String entityType,
            @RequestParam(required = false) String entityId,
            @RequestParam(defaultValue = "100") int limit) {
        return audit.recent(entityType, entityId, InvalidInput.requireBetween("limit", limit, 1, 500));
    }
}

@Controller
class AuditPage {

    private final AuditLog audit;
    private final AuditAnchor anchor;

    private final AuditSentences sentences;

    AuditPage(AuditLog audit, AuditAnchor anchor, AuditSentences sentences) {
        this.audit = audit;
        this.anchor = anchor;
        this.sentences = sentences;
    }

    @GetMapping("/admin/audit")
    String page(@RequestParam(defaultValue = "false") boolean verify, Model model) {
        model.addAttribute("entries", sentences.of(audit.recent(null, null, 200)));
        if (Access.require().role().atLeast(Role.ADMIN)) {
            model.addAttribute("head", audit.head());
            model.addAttribute("subscription", anchor.subscription());
            if (verify) model.addAttribute("verification", audit.verify());
        }
        return "admin/audit";
    }

    @PostMapping("/admin/audit/anchor")
    String subscribe(@RequestParam(required = false) String webhookUrl, RedirectAttributes redirect) {
        try {
            anchor.subscribe(webhookUrl);
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInput e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/audit";
    }

    @GetMapping(path = "/admin/audit/verify", produces = "application/json")
    @ResponseBody
    AuditLog.Verification verify() {
        return audit.verify();
    }
}
