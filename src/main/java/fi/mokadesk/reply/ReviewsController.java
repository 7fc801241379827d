package fi.mokadesk.reply;

import fi.mokadesk.kernel.AccessDeniedProblem;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The review queue page for leads and admins: approve, or send back with a comment. */
@Controller
class ReviewsController {

    private final ReplyDrafts drafts;

    ReviewsController(ReplyDrafts drafts) {
        this.drafts = drafts;
    }

    @GetMapping("/reviews")
    String reviews(@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Access.require(Role.LEAD);
        model.addAttribute("items", drafts.reviewQueue(100));
        return htmx != null ? "reviews :: queue" : "reviews";
    }

    @PostMapping("/reviews/{id}/approve")
    String approve(@PathVariable UUID id, Model model) {
        return act(model, () -> drafts.approve(id));
    }

    @PostMapping("/reviews/{id}/request-changes")
    String requestChanges(@PathVariable UUID id, @RequestParam(defaultValue = "") String comment, Model model) {
        return act(model, () -> drafts.requestChanges(id, comment));
    }

    private String act(Model model, Runnable action) {
        Access.require(Role.LEAD);
        try {
            action.run();
        } catch (InvalidInput | IllegalDraftMove | NotFound | AccessDeniedProblem e) {
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("items", drafts.reviewQueue(100));
        return "reviews :: queue";
    }
}
