package fi.mokadesk.workspace;

import fi.mokadesk.kernel.AccessDeniedProblem;
import fi.mokadesk.kernel.InvalidInput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A signed-in person's own account: changing the password (also the forced change after a reset). */
@Controller
class AccountController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AccountController.class);

    static final String PASSWORD_PAGE = "/account/password";

    private final Passwords passwords;

    AccountController(Passwords passwords) {
        this.passwords = passwords;
    }

    @GetMapping(PASSWORD_PAGE)
    String passwordPage(@AuthenticationPrincipal SignedInUser user, HttpSession session, Model model) {
        if (user == null) throw new AccessDeniedProblem("sign in first");
        model.addAttribute("forced", WorkspaceAccessFilter.mustChangePassword(user, session));
        model.addAttribute("minLength", Passwords.MIN_LENGTH);
        return "account/password";
    }

    @PostMapping(PASSWORD_PAGE)
    String changePassword(
            @AuthenticationPrincipal SignedInUser user,
            @RequestParam(required = false) String currentPassword,
            @RequestParam String newPassword,
            @RequestParam String repeatPassword,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        if (user == null) throw new AccessDeniedProblem("sign in first");
        HttpSession session = request.getSession();
        boolean forced = WorkspaceAccessFilter.mustChangePassword(user, session);
        try {
            passwords.change(user, currentPassword, newPassword, repeatPassword, forced, request.getRemoteAddr());
        } catch (InvalidInput e) {
            log.info("Refused: {}", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:" + PASSWORD_PAGE;
        }
        session.setAttribute(WorkspaceAccessFilter.PASSWORD_CHANGED, Boolean.TRUE);
        redirect.addFlashAttribute("changed", true);
        return forced ? "redirect:/inbox" : "redirect:" + PASSWORD_PAGE;
    }
}
