package fi.mokadesk.workspace;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * For signed-in people: picks the workspace they work in (the one chosen in their session, else their
 * first), resolves their role there and sets it as the request's {@link Access}.
 */
class WorkspaceAccessFilter extends OncePerRequestFilter {

    static final String SESSION_WORKSPACE = "mokadesk.workspace";
    static final String MEMBERSHIPS = "memberships";
    /** The request's {@link Access}, for the pages (templates read it as {@code access}). */
    static final String ACCESS = "access";
    /** Set when the person has chosen a new password in this session, lifting the forced change. */
    static final String PASSWORD_CHANGED = "mokadesk.passwordChanged";

    private final Workspaces workspaces;

    WorkspaceAccessFilter(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof SignedInUser user)) {
            chain.doFilter(request, response);
            return;
        }
        HttpSession session = request.getSession();
        if (mustChangePassword(user, session) && !allowedBeforePasswordChange(request)) {
            // Background requests (htmx polls, live updates) get nothing rather than the password page.
            String accept = request.getHeader("Accept");
            if (request.getHeader("HX-Request") != null || (accept != null && accept.contains("text/event-stream"))) {
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            } else {
                response.sendRedirect(request.getContextPath() + AccountController.PASSWORD_PAGE);
            }
            return;
        }
        List<Workspaces.Membership> memberships = workspaces.membershipsOf(user.id());
        if (memberships.isEmpty() && request.getServletPath().startsWith("/invitations/")) {
            chain.doFilter(request, response); // someone with no workspace left may still accept an invitation
            return;
        }
        if (memberships.isEmpty()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "You are not a member of any workspace.");
            return;
        }
        Object chosen = session.getAttribute(SESSION_WORKSPACE);
        Workspaces.Membership current = memberships.stream()
                .filter(m -> m.workspaceId().equals(chosen))
                .findFirst()
                .orElse(memberships.get(0));
        session.setAttribute(SESSION_WORKSPACE, current.workspaceId());
        request.setAttribute(MEMBERSHIPS, memberships);
        Access access = new Access(
                current.workspaceId(),
                current.workspaceName(),
                current.role(),
                new Actor(Actor.Type.USER, user.id().toString(), user.displayName()),
                user.id());
        Access.set(access);
        request.setAttribute(ACCESS, access); // for the pages' navigation
        try {
            chain.doFilter(request, response);
        } finally {
            Access.clear();
        }
    }

    /** Signed in with a one-time password (or told to) and not yet chosen a new one in this session. */
    static boolean mustChangePassword(SignedInUser user, HttpSession session) {
        return user.passwordChangeRequired() && session.getAttribute(PASSWORD_CHANGED) == null;
    }

    private static boolean allowedBeforePasswordChange(HttpServletRequest request) {
        String path = request.getServletPath();
        return path.equals(AccountController.PASSWORD_PAGE)
                || path.equals("/logout")
                || path.startsWith("/invitations/")
                || path.startsWith("/css/")
                || path.startsWith("/js/")
                || path.startsWith("/webjars/")
                || path.equals("/favicon.ico")
                || path.equals("/error");
    }

    static void choose(HttpSession session, UUID workspaceId) {
        session.setAttribute(SESSION_WORKSPACE, workspaceId);
    }
}
