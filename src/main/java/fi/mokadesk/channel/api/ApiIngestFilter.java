package fi.mokadesk.channel.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers {@code POST /api/v1/messages}, the busiest call of the desk, at the end of the servlet filter chain
 * instead of through Spring MVC's dispatch: under the ingest load the dispatcher around the handler (finding
 * the handler, resolving the body argument, choosing a converter for the answer) took about two fifths of the
 * request threads' time (docs/PERFORMANCE.md, "The ingest call without the dispatcher").
 *
 * <p>Everything else is what any API call gets: the security chain (token, workspace), the size limit, the
 * input checks and the metrics filter have run before this one, the handler is {@link ApiIngest#ingest}, the
 * very method the mapping serves, and a failure goes to the same exception resolvers with that method as the
 * handler, so every error body is the API's. Any other method or path goes on to the dispatcher.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiIngestFilter extends OncePerRequestFilter {

    static final String PATH = "/api/v1/messages";

    private final ApiIngest ingest;
    private final HandlerMethod handler;
    private final HandlerExceptionResolver errors;
    private final JsonMapper json;

    ApiIngestFilter(
            ApiIngest ingest, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors, JsonMapper json)
            throws NoSuchMethodException {
        this.ingest = ingest;
        this.handler = new HandlerMethod(
                ingest, ApiIngest.class.getDeclaredMethod("ingest", byte[].class, HttpServletRequest.class));
        this.errors = errors;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !PATH.equals(request.getRequestURI())
                || !request.getContextPath().isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The metrics name the call by its mapping, as they would after the dispatcher had chosen it.
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(PATH));
        try {
            byte[] body = request.getInputStream().readAllBytes();
            if (body.length == 0) {
                throw new HttpMessageNotReadableException(
                        "Required request body is missing", new ServletServerHttpRequest(request));
            }
            ResponseEntity<ApiIngest.IngestResponse> answer = ingest.ingest(body, request);
            byte[] written = json.writeValueAsBytes(answer.getBody());
            response.setStatus(answer.getStatusCode().value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(written.length);
            response.getOutputStream().write(written);
        } catch (Exception e) {
            if (response.isCommitted() || errors.resolveException(request, response, handler, e) == null) throw e;
        }
    }
}
