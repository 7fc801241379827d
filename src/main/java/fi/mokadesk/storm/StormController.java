package fi.mokadesk.storm;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The storms page, the storm banner shown on every page, and the page's chart data. */
@Controller
class StormController {

    private final Storms storms;
    private final StormTexts texts;

    StormController(Storms storms, StormTexts texts) {
        this.storms = storms;
        this.texts = texts;
    }

    /** A storm as a line of text for the banner and the list. */
    record Shown(Storms.StormView storm, String headline, String seriesName, String since) {}

    private Shown shown(Storms.StormView s, Locale locale, ZoneId zone) {
        return new Shown(
                s,
                texts.headline(s.series(), s.magnitude(), s.onset(), locale, zone),
                texts.series(s.series(), locale),
                texts.dateTime(s.onset(), zone));
    }

    @GetMapping("/storms/banner")
    String banner(Model model, Locale locale) {
        Access access = Access.require();
        List<Shown> open = List.of();
        if (access.role().atLeast(Role.AGENT)) {
            List<Storms.StormView> now = storms.open();
            // The workspace's zone is looked up only when there is a storm to show (the banner is on every page).
            ZoneId zone = now.isEmpty() ? null : texts.zone();
            open = now.stream().map(s -> shown(s, locale, zone)).toList();
        }
        model.addAttribute("openStorms", open);
        return "storms :: banner";
    }

    @GetMapping("/storms")
    String page(@RequestParam(required = false) String series, Model model, Locale locale) {
        Access access = Access.require(Role.AGENT);
        List<Storms.StormView> recent = storms.recent(50);
        List<String> names = storms.seriesNames();
        String chosen = series != null && !series.isBlank()
                ? series
                : recent.stream()
                        .map(Storms.StormView::series)
                        .findFirst()
                        .orElse(names.contains("negative") ? "negative" : names.isEmpty() ? "all" : names.get(0));
        ZoneId zone = texts.zone();
        model.addAttribute(
                "storms", recent.stream().map(s -> shown(s, locale, zone)).toList());
        model.addAttribute(
                "seriesOptions",
                names.stream()
                        .map(n -> Map.of("value", n, "label", texts.series(n, locale)))
                        .toList());
        model.addAttribute("series", chosen);
        model.addAttribute("seriesName", texts.series(chosen, locale));
        StormSettings settings = storms.settings();
        int watched = storms.seriesCount();
        model.addAttribute("settings", settings);
        model.addAttribute("canEdit", access.role().atLeast(Role.ADMIN));
        model.addAttribute("canMark", access.role().atLeast(Role.LEAD));
        model.addAttribute(
                "sensitivities",
                java.util.Arrays.stream(StormSettings.Sensitivity.values())
                        .map(v -> Map.of(
                                "code", v.code(),
                                "perMonth", texts.number(v.falseAlarmsPerMonth(watched), locale),
                                "selected", v == settings.sensitivity()))
                        .toList());
        model.addAttribute("watchedSeries", Math.max(watched, 1));
        model.addAttribute("zone", zone.getId()); // the chart's times, as the inbox shows them
        return "storms";
    }

    /** Chart data for the page (the same as the API's series, for a signed-in person). */
    @GetMapping("/storms/data")
    @ResponseBody
    org.springframework.http.ResponseEntity<?> data(
            @RequestParam String series, @RequestParam(defaultValue = "48") int hours) {
        Access.require(Role.AGENT);
        try {
            return org.springframework.http.ResponseEntity.ok(storms.series(series, hours, Instant.now()));
        } catch (InvalidInput e) {
            return org.springframework.http.ResponseEntity.badRequest()
                    .body(Map.of("error", "invalid", "field", e.field(), "message", e.getMessage()));
        }
    }

    @PostMapping("/storms/settings")
    String saveSettings(
            @RequestParam(defaultValue = "") String chatWebhookUrl,
            @RequestParam(defaultValue = "false") boolean emailEnabled,
            @RequestParam(required = false) String sensitivity,
            RedirectAttributes redirect) {
        try {
            if (sensitivity == null) storms.updateSettings(chatWebhookUrl, emailEnabled);
            else storms.updateSettings(chatWebhookUrl, emailEnabled, sensitivity);
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInput e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/storms";
    }

    /** A lead marks an alarm "not a storm" (kept as evaluation data, audited). */
    @PostMapping("/storms/{id}/not-a-storm")
    String markNotAStorm(
            @org.springframework.web.bind.annotation.PathVariable java.util.UUID id,
            @RequestParam(defaultValue = "") String note,
            RedirectAttributes redirect) {
        try {
            storms.markNotAStorm(id, note);
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInput e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/storms";
    }
}
