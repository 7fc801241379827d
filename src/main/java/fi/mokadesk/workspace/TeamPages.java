package fi.mokadesk.workspace;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The admin page of teams: create a team, rename it, tick its members. */
@Controller
class TeamPages {

    private static final Logger log = LoggerFactory.getLogger(TeamPages.class);

    private final Teams teams;
    private final Workspaces workspaces;
    private final MessageSource texts;

    TeamPages(Teams teams, Workspaces workspaces, MessageSource texts) {
        this.teams = teams;
        this.workspaces = workspaces;
        this.texts = texts;
    }

    @GetMapping("/admin/teams")
    String page(Model model) {
        Access.require(Role.ADMIN);
        model.addAttribute("teams", teams.teams());
        model.addAttribute("members", workspaces.members());
        return "admin/teams";
    }

    @PostMapping("/admin/teams")
    String create(@RequestParam(defaultValue = "") String name, RedirectAttributes redirect) {
        return then(redirect, () -> teams.create(new Teams.TeamSpec(name, List.of())));
    }

    @PostMapping("/admin/teams/{id}")
    String update(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(name = "members", required = false) List<String> members,
            RedirectAttributes redirect) {
        return then(redirect, () -> teams.update(id, new Teams.TeamSpec(name, members == null ? List.of() : members)));
    }

    private String then(RedirectAttributes redirect, Runnable change) {
        try {
            change.run();
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInput e) {
            log.info("Team change refused: {}", e.getMessage());
            // The reason in the reader's language by the field it names (members[3] -> members).
            String field = e.field().replaceAll("\\[\\d+]$", "");
            redirect.addFlashAttribute(
                    "error",
                    texts.getMessage(
                            "admin.teams.error." + field,
                            new Object[] {e.getMessage()},
                            e.getMessage(),
                            LocaleContextHolder.getLocale()));
        } catch (NotFound e) {
            log.info("Team change refused: {}", e.getMessage());
            redirect.addFlashAttribute(
                    "error", texts.getMessage("error.404", null, e.getMessage(), LocaleContextHolder.getLocale()));
        }
        return "redirect:/admin/teams";
    }
}
