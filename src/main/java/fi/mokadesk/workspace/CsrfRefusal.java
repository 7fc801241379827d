package fi.mokadesk.workspace;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * A form sent without a valid CSRF token (an old tab after the session ended, or a tampered token) gets one
 * log line and a clean answer: the sign-in form comes back with "the form had expired", any other form a
 * 403 page.
 */
class CsrfRefusal implements AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(CsrfRefusal.class);

    private final AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        if (!(denied instanceof CsrfException)) {
            forbidden.handle(request, response, denied);
            return;
        }
        log.info(
                "Refused {} {} without a valid CSRF token from {}",
                request.getMethod(),
                request.getRequestURI(),
                request.getRemoteAddr());
        if ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())) {
            response.sendRedirect(request.getContextPath() + "/login?expired");
        } else {
            forbidden.handle(request, response, denied);
        }
    }

    /**
     * Reads the masked token like Spring Security's default, but a token that does not unmask (its bytes
     * are not even text) counts as a wrong token instead of failing the request with an exception.
     */
    static final class TokenReader implements CsrfTokenRequestHandler {
        private final XorCsrfTokenRequestAttributeHandler standard = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
            standard.handle(request, response, csrfToken);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
            try {
                return standard.resolveCsrfTokenValue(request, csrfToken);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                return null;
            }
        }
    }
}
