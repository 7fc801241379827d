package fi.mokadesk.web;

import fi.mokadesk.database.DatabaseUnavailable;
import fi.mokadesk.kernel.ApiErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the database is away, every request answers {@code 503} with {@code Retry-After} instead of a
 * {@code 500}: an API call gets the JSON error, a page the friendly "try again shortly" page. It wraps
 * everything, so it also covers what runs before any controller — the bearer-token check, the workspace of
 * a signed-in person, the sign-in itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class DatabaseOutageFilter extends OncePerRequestFilter {

    static final String API_MESSAGE = "the desk cannot reach its database right now; try again in "
            + DatabaseUnavailable.RETRY_AFTER_SECONDS + " seconds";

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!DatabaseUnavailable.explains(e) || response.isCommitted()) throw e;
            unavailable(request, response, e);
        }
    }

    static void unavailable(HttpServletRequest request, HttpServletResponse response, Throwable cause)
            throws IOException {
        logRefused(request, cause);
        response.resetBuffer();
        response.setHeader("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        if (machineReadable(request)) {
            ApiErrors.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable", null, API_MESSAGE);
        } else {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE); // rendered by the error page
        }
    }

    static void logRefused(HttpServletRequest request, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        log.warn(
                "Answered 503 to {} {}: the database is unavailable ({})",
                request.getMethod(),
                request.getRequestURI(),
                root.toString());
    }

    private static boolean machineReadable(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/api/") || path.startsWith("/actuator/");
    }
}
