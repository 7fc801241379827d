package fi.mokadesk.workspace;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Admin pages: people and roles, API tokens, workspace settings; and switching workspace. */
@Controller
class AdminController {

    private static final Logger log = LoggerFactory.getLogger(AdminController.class);

    private final Workspaces workspaces;
    private final Invitations invitations;
    private final Passwords passwords;
    private final MessageSource texts;

    AdminController(Workspaces workspaces, Invitations invitations, Passwords passwords, MessageSource texts) {
        this.workspaces = workspaces;
        this.invitations = invitations;
        this.passwords = passwords;
        this.texts = texts;
    }

    @GetMapping("/admin/users")
    String users(Model model) {
        Access.require(Role.ADMIN);
        model.addAttribute("members", workspaces.members());
        model.addAttribute("invitations", invitations.pending());
        model.addAttribute("roles", Role.values());
        return "admin/users";
    }

    @PostMapping("/admin/users")
    String invite(
            @RequestParam String email,
            @RequestParam(required = false) String displayName,
            @RequestParam String role,
            RedirectAttributes redirect) {
        return then("/admin/users", redirect, () -> {
            Invitations.Issued issued = invitations.invite(
                    email,
                    displayName,
                    Role.of(role),
                    ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
            redirect.addFlashAttribute("invited", issued);
        });
    }

    @PostMapping("/admin/invitations/{id}/revoke")
    String revokeInvitation(@PathVariable UUID id, RedirectAttributes redirect) {
        return then("/admin/users", redirect, () -> {
            invitations.revoke(id);
            redirect.addFlashAttribute("saved", true);
        });
    }

    @PostMapping("/admin/users/{id}/password")
    String resetPassword(@PathVariable UUID id, RedirectAttributes redirect) {
        return then("/admin/users", redirect, () -> {
            String oneTime = passwords.resetByAdmin(id);
            redirect.addFlashAttribute("resetPassword", oneTime);
        });
    }

    @PostMapping("/admin/users/{id}")
    String changeUser(
            @PathVariable UUID id,
            @RequestParam(required = false) String role,
            @RequestParam(required = false) Boolean enabled,
            RedirectAttributes redirect) {
        return then("/admin/users", redirect, () -> {
            if (role != null) workspaces.changeRole(id, Role.of(role));
            if (enabled != null) workspaces.setEnabled(id, enabled);
            redirect.addFlashAttribute("saved", true);
        });
    }

    @GetMapping("/admin/tokens")
    String tokens(Model model) {
        Access.require(Role.ADMIN);
        model.addAttribute("tokens", workspaces.tokens());
        model.addAttribute("roles", Role.values());
        return "admin/tokens";
    }

    @PostMapping("/admin/tokens")
    String issue(@RequestParam String name, @RequestParam String role, RedirectAttributes redirect) {
        return then(
                "/admin/tokens",
                redirect,
                () -> redirect.addFlashAttribute(
                        "issued", workspaces.issueToken(name, Role.of(role)).secret()));
    }

    @PostMapping("/admin/tokens/{id}/revoke")
    String revoke(@PathVariable UUID id, RedirectAttributes redirect) {
        return then("/admin/tokens", redirect, () -> workspaces.revokeToken(id));
    }

    @GetMapping("/admin/settings")
    String settings(Model model) {
        Access.require(Role.ADMIN);
        model.addAttribute("settings", workspaces.settings());
        model.addAttribute("timeZone", workspaces.timeZone().getId());
        model.addAttribute("alertChat", workspaces.alertChatWebhookUrl().orElse(""));
        return "admin/settings";
    }

    @PostMapping("/admin/settings")
    String saveSettings(
            @RequestParam String name,
            @RequestParam(required = false) String outboundWebhookUrl,
            RedirectAttributes redirect) {
        return then("/admin/settings", redirect, () -> {
            workspaces.updateSettings(name, outboundWebhookUrl);
            redirect.addFlashAttribute("saved", true);
        });
    }

    @PostMapping("/admin/settings/alert-chat")
    String saveAlertChat(@RequestParam(defaultValue = "") String url, RedirectAttributes redirect) {
        return then("/admin/settings", redirect, () -> {
            workspaces.changeAlertChatWebhookUrl(url);
            redirect.addFlashAttribute("saved", true);
        });
    }

    @PostMapping("/admin/settings/time-zone")
    String saveTimeZone(@RequestParam(defaultValue = "") String timeZone, RedirectAttributes redirect) {
        return then("/admin/settings", redirect, () -> {
            workspaces.changeTimeZone(timeZone);
            redirect.addFlashAttribute("saved", true);
        });
    }

    /**
     * Runs an admin change and returns to the page, with the reason when the change was refused: in the
     * page's language when the bundles know the reason ({@code error.<reason in words>}), as said otherwise.
     */
    private String then(String page, RedirectAttributes redirect, Runnable change) {
        try {
            change.run();
        } catch (InvalidInput | NotFound | IllegalArgumentException e) {
            log.info("Admin change refused: {}", e.getMessage());
            String key = "error." + e.getMessage().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
            redirect.addFlashAttribute(
                    "error", texts.getMessage(key, null, e.getMessage(), LocaleContextHolder.getLocale()));
        }
        return "redirect:" + page;
    }

    @PostMapping("/workspace")
    String switchWorkspace(@RequestParam UUID workspaceId, HttpSession session) {
        WorkspaceAccessFilter.choose(session, workspaceId);
        return "redirect:/inbox";
    }
}
