package fi.mokadesk.audit;

import fi.mokadesk.workspace.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit", description = "The workspace's hash-chained audit log")
class AuditApi {

    private final AuditLog audit;

    AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit/verify")
    @Operation(summary = "Recompute the hash chain (admin): intact, number of entries, first broken entry")
    AuditLog.Verification verify() {
        return audit.verify();
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

    AuditPage(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit")
    String page(@RequestParam(defaultValue = "false") boolean verify, Model model) {
        model.addAttribute("entries", audit.recent(null, null, 200));
        if (verify) model.addAttribute("verification", audit.verify());
        return "admin/audit";
    }

    @GetMapping(path = "/admin/audit/verify", produces = "application/json")
    @ResponseBody
    AuditLog.Verification verify() {
        return audit.verify();
    }
}
