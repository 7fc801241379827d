package fi.mokadesk.web;

import fi.mokadesk.kernel.ApiErrors;
import fi.mokadesk.kernel.StorableText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

/**
 * The first look at every request, before security and before any handler: a query string or form that is
 * not valid percent-encoded UTF-8, or a body whose Content-Type is a wildcard, is refused here with a 400 or
 * 415 and a reason. On the API, a parameter that cannot be stored (a NUL character) is refused too, naming
 * it; pages leave that to the form's own checks, so the form can show the message in place.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10) // after the character encoding and size limit filters
class RequestInputFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestInputFilter.class);

    private final MessageSource messages;
    private final LocaleResolver locales;

    RequestInputFilter(MessageSource messages, LocaleResolver locales) {
        this.messages = messages;
        this.locales = locales;
    }

    /** What is wrong with the request: HTTP status, error code, the field to blame (if any) and why. */
    record Refusal(int status, String error, String field, String message) {}

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean api = isApi(request);
        Refusal refusal = queryString(request.getQueryString());
        if (refusal == null) refusal = contentType(request, api);
        if (refusal == null && request.getRequestURI().startsWith("/api/")) refusal = accept(request);
        if (refusal == null) refusal = parameters(request, api);
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        log.info("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), refusal.message());
        if (api) {
            ApiErrors.write(response, refusal.status(), refusal.error(), refusal.field(), refusal.message());
        } else {
            page(request, response, refusal);
        }
    }

    /**
     * A small error page written here: the usual error page would read the same unreadable parameters
     * again (language switch, CSRF check) and fail.
     */
    private void page(HttpServletRequest request, HttpServletResponse response, Refusal refusal) throws IOException {
        Locale locale = locales.resolveLocale(request);
        String title = HtmlUtils.htmlEscape(messages.getMessage("error.title", null, locale));
        response.setStatus(refusal.status());
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="%s"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="/webjars/picocss__pico/css/pico.min.css">
                <link rel="stylesheet" href="/css/mokadesk.css"></head>
                <body><main class="container narrow" id="main"><article>
                <h1>%s</h1><p>%s</p><p class="muted">%s</p>
                <a href="/inbox" role="button">%s</a>
                </article></main></body></html>
                """.formatted(
                        HtmlUtils.htmlEscape(locale.getLanguage()),
                        title,
                        title,
                        HtmlUtils.htmlEscape(messages.getMessage("error.badRequest", null, locale)),
                        HtmlUtils.htmlEscape(refusal.message()),
                        HtmlUtils.htmlEscape(messages.getMessage("error.home", null, locale))));
    }

    /**
     * Whether the refusal is answered as JSON: the API, and the public contact form when a script or
     * another system posts to it (JSON body or an Accept of JSON); a browser's plain form gets the page.
     */
    private static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith("/f/")) {
            String type = request.getContentType();
            String accept = request.getHeader("Accept");
            return (type != null && type.toLowerCase(Locale.ROOT).contains("json"))
                    || (accept != null && accept.toLowerCase(Locale.ROOT).startsWith("application/json"));
        }
        return path.startsWith("/api/") || path.startsWith("/actuator/");
    }

    /** Each name and value must decode strictly; the servlet container would fail later, less clearly. */
    static Refusal queryString(String query) {
        if (query == null || query.isEmpty()) return null;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = printable(decode(rawName));
            if (name == null) {
                return invalid(null, "the query string is not valid percent-encoded UTF-8");
            }
            if (eq >= 0 && decode(pair.substring(eq + 1)) == null) {
                return invalid(name, name + " is not valid percent-encoded UTF-8");
            }
        }
        return null;
    }

    /** {@code raw} percent-decoded as UTF-8 ({@code +} is a space), or null when it is malformed. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) return null;
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) return null;
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null; // an unencoded non-ASCII character in a query string
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A body must say what it is: no wildcard and nothing that does not parse as a media type. */
    private static Refusal contentType(HttpServletRequest request, boolean api) {
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) return null;
        String header = request.getContentType();
        if (header == null || header.isBlank()) return null;
        String expected = api ? "application/json" : "application/x-www-form-urlencoded";
        try {
            MediaType type = MediaType.parseMediaType(header);
            if (!type.isWildcardType() && !type.isWildcardSubtype()) return null;
        } catch (InvalidMediaTypeException e) {
            // refused below
        }
        return new Refusal(
                415,
                "unsupported_media_type",
                null,
                "Content-Type '" + printable(header) + "' is not a concrete media type; send " + expected);
    }

    /**
     * The API answers JSON only. A client that accepts none must hear so before its request runs: found
     * out after the handler, a reply would be stored and sent while the client is told 406 and retries.
     */
    private static Refusal accept(HttpServletRequest request) {
        String header = request.getHeader("Accept");
        if (header == null || header.isBlank()) return null;
        try {
            for (MediaType type : MediaType.parseMediaTypes(header)) {
                if (type.getQualityValue() > 0 && type.isCompatibleWith(MediaType.APPLICATION_JSON)) return null;
            }
        } catch (InvalidMediaTypeException e) {
            // refused below
        }
        return new Refusal(
                406,
                "not_acceptable",
                null,
                "Accept '" + printable(header) + "' excludes application/json, the only answer");
    }

    /** Form fields and query parameters as the container reads them; on the API, each must be storable. */
    private static Refusal parameters(HttpServletRequest request, boolean api) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException | IllegalArgumentException e) {
            return invalid(null, "the form could not be read: it is not valid percent-encoded UTF-8 or too large");
        }
        if (!api) return null;
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String problem = StorableText.problem(parameter.getKey());
            if (problem != null) return invalid(null, "a parameter name " + problem);
            String name = printable(parameter.getKey());
            for (String value : parameter.getValue()) {
                problem = StorableText.problem(value);
                if (problem != null) return invalid(name, name + " " + problem);
            }
        }
        return null;
    }

    private static Refusal invalid(String field, String message) {
        return new Refusal(400, "invalid", field, message);
    }

    /** A value shortened and with control characters masked, for messages and log lines. */
    private static String printable(String value) {
        if (value == null) return null;
        String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
