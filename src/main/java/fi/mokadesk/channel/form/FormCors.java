package fi.mokadesk.channel.form;

import fi.mokadesk.kernel.ApiErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cross-site requests to a form ({@code /f/{formKey}…}) only from the web sites the form names in
 * {@code siteOrigins}: a browser's preflight is answered here, an allowed origin gets the CORS headers, any
 * other origin is refused with 403 before the form sees the request. Requests without an Origin (the hosted
 * page's own navigation, servers, the health monitor), with the opaque origin {@code null}, and from the
 * desk's own origin pass.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20) // after the request size and input checks, before security
class FormCors extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(FormCors.class);

    private final FormDirectory directory;

    FormCors(FormDirectory directory) {
        this.directory = directory;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/f/") || request.getHeader("Origin") == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        String rest = request.getRequestURI().substring(3);
        String key = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        Optional<FormDirectory.Form> form = directory.byKey(key);
        response.addHeader("Vary", "Origin");
        // "null" is what a browser sends for a plain form post from a page that hides where it is (a
        // no-referrer policy, a sandboxed frame): let it through as a post without an origin, with no CORS
        // headers, so no script anywhere can read the answer.
        if (form.isEmpty() || origin.equals("null") || sameOrigin(request, origin)) {
            chain.doFilter(request, response);
            return;
        }
        String normalized = FormSettings.origin(origin);
        boolean allowed =
                normalized != null && form.get().settings().siteOrigins().contains(normalized);
        boolean preflight =
                "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
        if (!allowed) {
            log.info(
                    "Refused {} to form {} from origin {} (not in its siteOrigins)",
                    request.getMethod(),
                    form.get().channelId(),
                    printable(origin));
            ApiErrors.write(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "origin_not_allowed",
                    "Origin",
                    "this form accepts cross-site requests only from its siteOrigins");
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", origin);
        if (preflight) {
            response.setHeader("Access-Control-Allow-Methods", "GET, POST");
            response.setHeader("Access-Control-Allow-Headers", "Content-Type, Accept");
            response.setHeader("Access-Control-Max-Age", "600");
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        response.setHeader("Access-Control-Expose-Headers", "Retry-After");
        chain.doFilter(request, response);
    }

    /** The desk's own pages (the hosted form) post with the desk's origin. */
    private static boolean sameOrigin(HttpServletRequest request, String origin) {
        String host = request.getHeader("Host");
        if (host == null) return false;
        String own = FormSettings.origin(request.getScheme() + "://" + host);
        return own != null && own.equals(FormSettings.origin(origin));
    }

    private static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
