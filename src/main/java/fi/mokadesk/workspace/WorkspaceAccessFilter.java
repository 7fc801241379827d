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
        List<Workspaces.Membership> memberships = workspaces.membershipsOf(user.id());
        if (memberships.isEmpty()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "You are not a member of any workspace.");
            return;
        }
        HttpSession session = request.getSession();
        Object chosen = session.getAttribute(SESSION_WORKSPACE);
        Workspaces.Membership current = memberships.stream()
                .filter(m -> m.workspaceId().equals(chosen))
                .findFirst()
                .orElse(memberships.get(0));
        session.setAttribute(SESSION_WORKSPACE, current.workspaceId());
        request.setAttribute(MEMBERSHIPS, memberships);
        Access.set(new Access(
                current.workspaceId(),
                current.workspaceName(),
                current.role(),
                new Actor(Actor.Type.USER, user.id().toString(), user.displayName()),
                user.id()));
        try {
            chain.doFilter(request, response);
        } finally {
            Access.clear();
        }
    }

    static void choose(HttpSession session, UUID workspaceId) {
        session.setAttribute(SESSION_WORKSPACE, workspaceId);
    }
}
