package fi.mokadesk.workspace;

import fi.mokadesk.kernel.ApiErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/** API access with {@code Authorization: Bearer <token>}; the token decides the workspace and role. */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

    private final Workspaces workspaces;

    BearerTokenFilter(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Workspaces.TokenOwner> owner =
                workspaces.tokenOwner(header.substring(7).trim());
        if (owner.isEmpty()) {
            log.info("Rejected API call to {} with an unknown or revoked token", request.getRequestURI());
            ApiErrors.write(
                    response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", null, "unknown or revoked token");
            return;
        }
        Workspaces.TokenOwner token = owner.get();
        var authentication = new PreAuthenticatedAuthenticationToken(
                token.name(), null, List.of(new SimpleGrantedAuthority("ROLE_TOKEN")));
        SecurityContextHolder.getContext().setAuthentication(authentication);
        Access.set(new Access(
                token.workspaceId(),
                null,
                token.role(),
                new Actor(Actor.Type.TOKEN, token.tokenId().toString(), token.name()),
                null));
        try {
            chain.doFilter(request, response);
        } finally {
            Access.clear();
            SecurityContextHolder.clearContext();
        }
    }
}
