package fi.mokadesk.channel.form;

import fi.mokadesk.channel.form.FormDirectory.Form;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public side of a contact form: the hosted page {@code GET /f/{formKey}} and the endpoint
 * {@code POST /f/{formKey}} that takes a submission form-encoded (a plain HTML form, answered with a page) or
 * as JSON (a script or another system, answered with JSON). Nobody signs in; the key names the form and
 * through it the workspace.
 */
@Controller
class FormController {

    static final String CANARY_HEADER = "Mokadesk-Canary";
    static final String HONEYPOT = "website";
    static final String STAMP = "_t";

    private static final Logger log = LoggerFactory.getLogger(FormController.class);

    private final FormDirectory directory;
    private final FormSubmissions submissions;
    private final Stamps stamps;
    private final MessageSource messages;
    private final RateLimiter limiter;
    private final Duration minimumFill;
    private final int maxBodyBytes;
    private final JsonMapper json = JsonMapper.builder().build();

    FormController(
            FormDirectory directory,
            FormSubmissions submissions,
            Stamps stamps,
            MessageSource messages,
            @Value("${mokadesk.form.submissions-per-minute:10}") int perMinute,
            @Value("${mokadesk.form.min-fill-seconds:3}") int minimumFillSeconds,
            @Value("${mokadesk.form.max-body-bytes:65536}") int maxBodyBytes) {
        this.directory = directory;
        this.submissions = submissions;
        this.stamps = stamps;
        this.messages = messages;
        this.limiter = new RateLimiter(perMinute, 60_000, Clock.systemUTC());
        this.minimumFill = Duration.ofSeconds(minimumFillSeconds);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** One field of the page: what the person sees and, after a refused post, what they typed and why not. */
    record FieldView(String name, String label, boolean required, String value, String error, String inputType) {}

    @GetMapping("/f/{key}")
    ModelAndView page(@PathVariable String key, Locale locale, HttpServletResponse response) {
        Optional<Form> form = directory.byKey(key).filter(Form::enabled);
        if (form.isEmpty()) return missing(response, locale);
        return formPage(form.get(), language(null, locale), Map.of(), Map.of(), null);
    }

    /** For the embeddable snippet's script: a fresh fill-time stamp, and whether to show the other contacts. */
    @GetMapping(value = "/f/{key}/state", produces = "application/json")
    void state(@PathVariable String key, HttpServletResponse response) throws IOException {
        Optional<Form> form = directory.byKey(key).filter(Form::enabled);
        if (form.isEmpty()) {
            writeJson(response, 404, Map.of("error", "not_found", "message", "no such form"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stamp", stamps.issue(key));
        body.put("failing", form.get().failing());
        body.put("alternativeContacts", contacts(form.get()));
        response.setHeader("Cache-Control", "no-store");
        writeJson(response, 200, body);
    }

    @PostMapping("/f/{key}")
    ModelAndView submit(
            @PathVariable String key, HttpServletRequest request, HttpServletResponse response, Locale locale)
            throws IOException {
        boolean jsonBody = isJson(request.getContentType());
        boolean jsonAnswer = jsonBody || wantsJson(request.getHeader("Accept"));
        Optional<Form> found = directory.byKey(key).filter(Form::enabled);
        if (found.isEmpty()) {
            log.info("Submission to an unknown or disabled form refused");
            if (jsonAnswer) return json(response, 404, error("not_found", null, "no such form"));
            return missing(response, locale);
        }
        Form form = found.get();
        String type = request.getContentType();
        if (type != null && !jsonBody && !isFormEncoded(type)) {
            log.info("Submission to form {} refused: Content-Type {}", form.channelId(), printable(type));
            return json(
                    response,
                    415,
                    error(
                            "unsupported_media_type",
                            null,
                            "send application/x-www-form-urlencoded or application/json"));
        }
        UUID canary = stamps.canaryId(key, request.getHeader(CANARY_HEADER));
        if (canary == null) {
            OptionalLong wait = limiter.take(request.getRemoteAddr(), key);
            if (wait.isPresent()) {
                log.info("Submission to form {} refused: rate limit for {}", form.channelId(), request.getRemoteAddr());
                response.setHeader("Retry-After", Long.toString(wait.getAsLong()));
                return json(
                        response,
                        429,
                        error("too_many_requests", null, "too many submissions from this address; try again later"));
            }
        }

        Map<String, String> values = new LinkedHashMap<>();
        if (jsonBody) {
            byte[] body = readBody(request);
            if (body == null) return tooLarge(response, form);
            Map<String, Object> refused = readJson(body, values);
            if (refused != null) {
                log.info("Submission to form {} refused: {}", form.channelId(), refused.get("message"));
                return json(response, 400, refused);
            }
        } else {
            long size = 0;
            for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
                String[] all = p.getValue();
                size += p.getKey().length();
                for (String v : all) size += v.length();
                if (all.length > 0) values.put(p.getKey(), all[0]);
            }
            if (size > maxBodyBytes) return tooLarge(response, form);
        }
        String lang = language(values.remove("lang"), locale);
        Locale answerLocale = Locale.forLanguageTag(lang);
        String honeypot = values.remove(HONEYPOT);
        String stamp = values.remove(STAMP);

        if (canary == null) {
            String spam = null;
            if (honeypot != null && !honeypot.isBlank()) spam = "honeypot";
            Stamps.Verdict verdict = stamps.check(key, stamp, minimumFill, Duration.ofDays(3650));
            if (spam == null && verdict == Stamps.Verdict.FORGED) spam = "forged stamp";
            if (spam == null && verdict == Stamps.Verdict.TOO_FAST) spam = "too fast";
            if (spam != null) {
                // Kept as evidence, never a conversation. A bot is told nothing useful; a person who was
                // quicker than the minimum gets the form back with everything they typed.
                log.info("Submission to form {} caught as spam ({})", form.channelId(), spam);
                UUID id = UUID.randomUUID();
                try {
                    submissions.store(form, id, values, lang, false, spam);
                } catch (RuntimeException e) {
                    log.warn("Could not keep spam submission to form {}: {}", form.channelId(), e.toString());
                }
                if (spam.equals("too fast")) {
                    String why = text("form.error.tooFast", answerLocale);
                    if (jsonAnswer) return json(response, 400, error("too_fast", STAMP, why));
                    response.setStatus(400);
                    return formPage(form, lang, values, Map.of(), why);
                }
                return accepted(response, jsonAnswer, form, lang, id, "received");
            }
        }

        Map<String, String> problems = FormSubmissions.problems(form.settings(), values);
        if (!problems.isEmpty()) {
            log.info("Submission to form {} refused: {}", form.channelId(), problems);
            if (jsonAnswer) {
                Map<String, String> fieldMessages = new LinkedHashMap<>();
                problems.forEach((field, code) -> fieldMessages.put(field, text(code, answerLocale)));
                Map<String, Object> body =
                        error("invalid", problems.keySet().iterator().next(), text("form.error.summary", answerLocale));
                body.put("fields", fieldMessages);
                return json(response, 400, body);
            }
            response.setStatus(400);
            return formPage(form, lang, values, problems, text("form.error.summary", answerLocale));
        }

        UUID id = canary != null ? canary : UUID.randomUUID();
        String state;
        try {
            state = submissions.receive(form, id, values, lang, canary != null);
        } catch (DuplicateKeyException e) {
            return accepted(response, jsonAnswer, form, lang, id, "received");
        } catch (RuntimeException e) {
            log.error("Form {} (workspace {}) could not store a submission", form.channelId(), form.workspaceId(), e);
            response.setHeader("Retry-After", "60");
            if (jsonAnswer) {
                Map<String, Object> body = error("unavailable", null, text("form.unavailable", answerLocale));
                body.put("alternativeContacts", contacts(form));
                return json(response, 503, body);
            }
            response.setStatus(503);
            ModelAndView page = formPage(form, lang, values, Map.of(), text("form.unavailable", answerLocale));
            page.addObject("failing", true);
            return page;
        }
        return accepted(response, jsonAnswer, form, lang, id, state);
    }

    private ModelAndView accepted(
            HttpServletResponse response, boolean jsonAnswer, Form form, String lang, UUID id, String state)
            throws IOException {
        String thanks = form.settings().thankYou(Locale.forLanguageTag(lang));
        if (jsonAnswer) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("status", state.equals("pending") || state.equals("delivered") ? "received" : state);
            body.put("message", thanks);
            return json(response, 201, body);
        }
        ModelAndView page = new ModelAndView("form/page");
        page.addObject("form", form);
        page.addObject("lang", lang);
        page.addObject("thanks", thanks);
        page.addObject("contacts", form.settings().alternativeContacts());
        page.addObject("hasContacts", form.settings().alternativeContacts().any());
        page.addObject("failing", form.failing());
        return page;
    }

    private ModelAndView formPage(
            Form form, String lang, Map<String, String> values, Map<String, String> problems, String notice) {
        Locale locale = Locale.forLanguageTag(lang);
        List<FieldView> fields = new ArrayList<>();
        for (FormSettings.Field f : form.settings().fields()) {
            if (!f.shown()) continue;
            String inputType = switch (f.name()) {
                case "email" -> "email";
                case "phone" -> "tel";
                case "message" -> "textarea";
                case "consent" -> "checkbox";
                default -> "text";
            };
            String error = problems.containsKey(f.name()) ? text(problems.get(f.name()), locale) : null;
            fields.add(new FieldView(f.name(), f.label(locale), f.required(), values.get(f.name()), error, inputType));
        }
        ModelAndView page = new ModelAndView("form/page");
        page.addObject("form", form);
        page.addObject("lang", lang);
        page.addObject("fields", fields);
        page.addObject("stamp", stamps.issue(form.settings().formKey()));
        page.addObject("notice", notice);
        page.addObject("contacts", form.settings().alternativeContacts());
        page.addObject("hasContacts", form.settings().alternativeContacts().any());
        page.addObject("failing", form.failing());
        return page;
    }

    private ModelAndView missing(HttpServletResponse response, Locale locale) {
        response.setStatus(404);
        ModelAndView page = new ModelAndView("form/page");
        page.addObject("lang", language(null, locale));
        page.addObject("missing", true);
        return page;
    }

    private ModelAndView tooLarge(HttpServletResponse response, Form form) throws IOException {
        log.info("Submission to form {} refused: larger than {} bytes", form.channelId(), maxBodyBytes);
        return json(
                response, 413, error("too_large", null, "the submission is larger than " + maxBodyBytes + " bytes"));
    }

    /** The body up to the limit, or null when it is larger. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) return null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBodyBytes) return null;
            }
        } catch (IOException e) {
            // The size filter cuts a chunked body that grows past its limit.
            return null;
        }
        return out.toByteArray();
    }

    /** Fills {@code values} from a JSON object; returns a refusal body when it is not one. */
    private Map<String, Object> readJson(byte[] body, Map<String, String> values) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            return error("invalid", "body", "is not JSON");
        }
        if (node == null || !node.isObject()) return error("invalid", "body", "must be a JSON object");
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode value = e.getValue();
            if (value.isNull()) continue;
            if (value.isString()) values.put(e.getKey(), value.asString());
            else if (value.isBoolean() || value.isNumber()) values.put(e.getKey(), value.asString());
            else return error("invalid", e.getKey(), e.getKey() + " must be a text");
        }
        return null;
    }

    private static boolean isJson(String contentType) {
        MediaType type = mediaType(contentType);
        return type != null
                && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                        || type.getSubtype().endsWith("+json"));
    }

    private static boolean isFormEncoded(String contentType) {
        MediaType type = mediaType(contentType);
        return type != null && type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED);
    }

    private static MediaType mediaType(String header) {
        if (header == null || header.isBlank()) return null;
        try {
            return MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    /** A script that asks for JSON gets JSON even when it posts the form encoded. */
    private static boolean wantsJson(String accept) {
        if (accept == null || accept.isBlank()) return false;
        try {
            for (MediaType type : MediaType.parseMediaTypes(accept)) {
                if (type.isWildcardType()) return false;
                if (type.includes(MediaType.TEXT_HTML)) return false;
                if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) return true;
            }
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        return false;
    }

    private static String language(String given, Locale locale) {
        if ("en".equals(given) || "fi".equals(given)) return given;
        return "en".equals(locale.getLanguage()) ? "en" : "fi";
    }

    private String text(String code, Locale locale) {
        return messages.getMessage(code, null, code, locale);
    }

    private static Map<String, Object> contacts(Form form) {
        FormSettings.Contacts c = form.settings().alternativeContacts();
        Map<String, Object> out = new LinkedHashMap<>();
        if (c.phone() != null) out.put("phone", c.phone());
        if (c.email() != null) out.put("email", c.email());
        if (c.openingHours() != null) out.put("openingHours", c.openingHours());
        return out;
    }

    private static Map<String, Object> error(String error, String field, String message) {
        return new LinkedHashMap<>(fi.mokadesk.kernel.ApiErrors.body(error, field, message));
    }

    private ModelAndView json(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        writeJson(response, status, body);
        return null;
    }

    private void writeJson(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(body));
        response.flushBuffer();
    }

    private static String printable(String value) {
        String shown = value.length() > 60 ? value.substring(0, 60) : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
