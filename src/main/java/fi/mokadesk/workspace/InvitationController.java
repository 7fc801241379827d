package fi.mokadesk.workspace;

import fi.mokadesk.kernel.InvalidInput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The invitation link. A new person chooses a name and password here and is signed in to the workspace; a
 * person with an account signs in (and comes back here) and accepts.
 */
@Controller
class InvitationController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InvitationController.class);

    /** The invitation to return to after signing in. */
    static final String AFTER_SIGN_IN = "mokadesk.invitationAfterSignIn";

    private final Invitations invitations;
    private final UserAccounts accounts;

    InvitationController(Invitations invitations, UserAccounts accounts) {
        this.invitations = invitations;
        this.accounts = accounts;
    }

    @GetMapping("/invitations/{secret}")
    String open(
            @PathVariable String secret,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Optional<Invitations.Opened> found = invitations.open(secret).filter(Invitations.Opened::usable);
        if (found.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_GONE);
            model.addAttribute("gone", true);
            return "invitation";
        }
        Invitations.Opened invitation = found.get();
        model.addAttribute("invitation", invitation);
        model.addAttribute("secret", secret);
        model.addAttribute("minLength", Passwords.MIN_LENGTH);
        if (user != null) {
            model.addAttribute("signedInAs", user.getUsername());
            model.addAttribute("isInvitee", user.id().equals(invitation.accountId()));
        } else if (invitation.hasAccount()) {
            request.getSession().setAttribute(AFTER_SIGN_IN, "/invitations/" + secret);
        }
        return "invitation";
    }

    @PostMapping("/invitations/{secret}")
    String accept(
            @PathVariable String secret,
            @AuthenticationPrincipal SignedInUser user,
            @RequestParam(required = false) String displayName,
            @RequestParam(required = false) String newPassword,
            @RequestParam(required = false) String repeatPassword,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Invitations.Opened accepted;
        try {
            if (user != null) {
                accepted = invitations.acceptAsSignedIn(secret, user);
            } else {
                accepted = invitations.acceptAsNewPerson(secret, displayName, newPassword, repeatPassword);
                signIn(accepted.email(), request, response);
            }
        } catch (InvalidInput e) {
            log.info("Refused: {}", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/invitations/" + secret;
        }
        HttpSession session = request.getSession();
        session.removeAttribute(AFTER_SIGN_IN);
        WorkspaceAccessFilter.choose(session, accepted.workspaceId());
        return "redirect:/inbox";
    }

    /** The new person has just chosen their password here: they need not type it again. */
    private void signIn(String email, HttpServletRequest request, HttpServletResponse response) {
        SignedInUser user = accounts.loadUserByUsername(email);
        user.eraseCredentials();
        if (request.getSession(false) != null) request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        new HttpSessionSecurityContextRepository().saveContext(context, request, response);
    }

    /** After a sign-in, back to the invitation that asked for it, else the inbox. */
    static AuthenticationSuccessHandler afterSignIn() {
        SimpleUrlAuthenticationSuccessHandler inbox = new SimpleUrlAuthenticationSuccessHandler("/inbox");
        inbox.setAlwaysUseDefaultTargetUrl(true);
        return (request, response, authentication) -> {
            HttpSession session = request.getSession(false);
            Object invitation = session == null ? null : session.getAttribute(AFTER_SIGN_IN);
            if (invitation instanceof String path && path.startsWith("/invitations/")) {
                session.removeAttribute(AFTER_SIGN_IN);
                response.sendRedirect(request.getContextPath() + path);
            } else {
                inbox.onAuthenticationSuccess(request, response, authentication);
            }
        };
    }
}
