package fi.mokadesk.channel.form;

import fi.mokadesk.channel.Channels;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.HtmlUtils;

/**
 * The admin page of one contact form: its address and the snippet to paste on the company's site, its
 * settings, its health checks and outage reports, and a button to check it now.
 */
@Controller
class FormAdminController {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d.M.yyyy HH:mm:ss");
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");

    private final Channels channels;
    private final FormDirectory directory;
    private final FormMonitor monitor;
    private final MessageSource messages;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    FormAdminController(
            Channels channels,
            FormDirectory directory,
            FormMonitor monitor,
            MessageSource messages,
            TransactionTemplate transaction,
            ApplicationEventPublisher events) {
        this.channels = channels;
        this.directory = directory;
        this.monitor = monitor;
        this.messages = messages;
        this.transaction = transaction;
        this.events = events;
    }

    @GetMapping("/admin/channels/{id}/form")
    String page(@PathVariable UUID id, Model model, HttpServletRequest request, Locale locale) {
        Access.require(Role.ADMIN);
        Channels.ChannelView channel = channels.get(id);
        if (!FormChannel.TYPE.equals(channel.type())) throw new NotFound("no contact form " + id);
        FormSettings settings = FormSettings.of(channel.settings());
        String base = base(request);
        model.addAttribute("channel", channel);
        model.addAttribute("settings", settings);
        model.addAttribute("since", time(channel.statusSince()));
        model.addAttribute("hostedUrl", base + "/f/" + settings.formKey());
        model.addAttribute("snippet", snippet(base, settings, locale));
        model.addAttribute("origins", String.join("\n", settings.siteOrigins()));
        model.addAttribute("checks", monitor.checks(id, 20));
        model.addAttribute("outages", monitor.outages(id, 10));
        model.addAttribute("time", (java.util.function.Function<OffsetDateTime, String>) FormAdminController::time);
        return "admin/form";
    }

    @PostMapping("/admin/channels/{id}/form")
    String save(@PathVariable UUID id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String name : FormSettings.FIELD_NAMES) {
                Map<String, Object> f = new LinkedHashMap<>();
                Map<String, Object> label = new LinkedHashMap<>();
                if (!form.getOrDefault(name + ".fi", "").isBlank()) label.put("fi", form.get(name + ".fi"));
                if (!form.getOrDefault(name + ".en", "").isBlank()) label.put("en", form.get(name + ".en"));
                if (!label.isEmpty()) f.put("label", label);
                f.put("required", form.containsKey(name + ".required") || name.equals("message"));
                f.put(
                        "shown",
                        form.containsKey(name + ".shown")
                                || form.containsKey(name + ".required")
                                || name.equals("message"));
                fields.put(name, f);
            }
            Map<String, Object> contacts = new LinkedHashMap<>();
            contacts.put("phone", form.getOrDefault("phone", ""));
            contacts.put("email", form.getOrDefault("email", ""));
            contacts.put("openingHours", form.getOrDefault("openingHours", ""));
            Map<String, Object> thanks = new LinkedHashMap<>();
            if (!form.getOrDefault("thankYou.fi", "").isBlank()) thanks.put("fi", form.get("thankYou.fi"));
            if (!form.getOrDefault("thankYou.en", "").isBlank()) thanks.put("en", form.get("thankYou.en"));
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("fields", fields);
            settings.put("siteOrigins", form.getOrDefault("siteOrigins", ""));
            settings.put("thankYouText", thanks);
            settings.put("alternativeContacts", contacts);
            settings.put("confirmationEmail", form.containsKey("confirmationEmail"));
            channels.update(id, null, settings);
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInput | NotFound e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/channels/" + id + "/form";
    }

    /** An admin checks the form now rather than waiting for the next scheduled check. */
    @PostMapping("/admin/channels/{id}/form/check")
    String checkNow(@PathVariable UUID id, RedirectAttributes redirect) {
        Access.require(Role.ADMIN);
        if (!FormChannel.TYPE.equals(channels.get(id).type())) throw new NotFound("no contact form " + id);
        transaction.executeWithoutResult(s ->
                events.publishEvent(new Audited("form.check.requested", "channel", id.toString(), null, Map.of())));
        UUID workspace = Tenant.require();
        // The canary goes over HTTP to this desk and is checked under the monitor's own identity.
        Access.runAs(Access.system(workspace, "form-monitor"), () -> monitor.check(workspace, id));
        redirect.addFlashAttribute("checked", true);
        return "redirect:/admin/channels/" + id + "/form";
    }

    /** The plain HTML form to paste on the company's site, with the optional script after it. */
    String snippet(String base, FormSettings settings, Locale locale) {
        String lang = "en".equals(locale.getLanguage()) ? "en" : "fi";
        Locale l = Locale.forLanguageTag(lang);
        StringBuilder s = new StringBuilder();
        String action = base + "/f/" + settings.formKey();
        s.append("<form method=\"post\" action=\"")
                .append(esc(action))
                .append("\" accept-charset=\"utf-8\" data-mokadesk-form>\n");
        s.append("  <div data-mokadesk-alternatives hidden></div>\n");
        for (FormSettings.Field f : settings.fields()) {
            if (!f.shown()) continue;
            String id = "mokadesk-" + f.name();
            String label = esc(f.label(l)) + (f.required() ? " *" : "");
            String required = f.required() ? " required" : "";
            switch (f.name()) {
                case "message" ->
                    s.append("  <p><label for=\"")
                            .append(id)
                            .append("\">")
                            .append(label)
                            .append("</label><br>\n     <textarea id=\"")
                            .append(id)
                            .append("\" name=\"message\" rows=\"6\" maxlength=\"5000\"")
                            .append(required)
                            .append("></textarea></p>\n");
                case "consent" ->
                    s.append("  <p><label><input type=\"checkbox\" name=\"consent\" value=\"true\"")
                            .append(required)
                            .append("> ")
                            .append(label)
                            .append("</label></p>\n");
                default -> {
                    String type = f.name().equals("email") ? "email" : f.name().equals("phone") ? "tel" : "text";
                    s.append("  <p><label for=\"")
                            .append(id)
                            .append("\">")
                            .append(label)
                            .append("</label><br>\n     <input type=\"")
                            .append(type)
                            .append("\" id=\"")
                            .append(id)
                            .append("\" name=\"")
                            .append(f.name())
                            .append("\"")
                            .append(required)
                            .append("></p>\n");
                }
            }
        }
        s.append("  <p style=\"position:absolute;left:-10000px\" aria-hidden=\"true\"><label>")
                .append(esc(messages.getMessage("form.honeypot", null, l)))
                .append(" <input type=\"text\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></label></p>\n");
        s.append("  <input type=\"hidden\" name=\"_t\" value=\"\">\n");
        s.append("  <input type=\"hidden\" name=\"lang\" value=\"").append(lang).append("\">\n");
        s.append("  <p><button type=\"submit\">")
                .append(esc(messages.getMessage("form.send", null, l)))
                .append("</button></p>\n");
        s.append("</form>\n");
        s.append("<script src=\"").append(esc(base)).append("/js/mokadesk-form.js\" defer></script>\n");
        return s.toString();
    }

    private static String base(HttpServletRequest request) {
        return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromContextPath(request)
                .replacePath(null)
                .replaceQuery(null)
                .build()
                .toUriString();
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    static String time(OffsetDateTime t) {
        return t == null ? "" : TIME.format(t.atZoneSameInstant(HELSINKI));
    }
}
