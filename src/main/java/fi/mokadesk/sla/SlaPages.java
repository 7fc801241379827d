package fi.mokadesk.sla;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The SLA pages for leads and admins: the report (the same figures as the report API, the first-response-time
 * chart — sla-report.js draws it from the page's own tables, which are also its text alternative — and the
 * CSV link), and the policies with their targets, where admins set the share key accounts get.
 */
@Controller
class SlaPages {

    private static final Logger log = LoggerFactory.getLogger(SlaPages.class);

    private final SlaReport report;
    private final SlaSettings settings;
    private final MessageSource texts;

    SlaPages(SlaReport report, SlaSettings settings, MessageSource texts) {
        this.report = report;
        this.settings = settings;
        this.texts = texts;
    }

    @GetMapping("/sla/policies")
    String policies(Model model) {
        Access access = Access.require(Role.LEAD);
        model.addAttribute("policies", settings.policies());
        model.addAttribute("canEdit", access.role().atLeast(Role.ADMIN));
        return "sla-policies";
    }

    /** A new version of the policy with another key-account share; running timers keep theirs. */
    @PostMapping("/sla/policies/{id}/key-accounts")
    String keyAccounts(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String keyAccountPercent,
            RedirectAttributes redirect) {
        try {
            Integer percent;
            try {
                percent = Integer.valueOf(keyAccountPercent.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInput("keyAccountPercent", "must be a whole number between 1 and 100");
            }
            settings.changeKeyAccountPercent(id, percent);
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInput | NotFound e) {
            log.info("SLA policy change refused: {}", e.getMessage());
            redirect.addFlashAttribute(
                    "error",
                    texts.getMessage(
                            "sla.policies.keyAccounts.invalid", null, e.getMessage(), LocaleContextHolder.getLocale()));
        }
        return "redirect:/sla/policies";
    }

    /** A histogram bar as the page names it: "5–15 min", "1–2 t", "yli 24 t". */
    record Bar(String label, long count) {}

    @GetMapping("/sla/report")
    String report(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            Model model,
            Locale locale) {
        SlaReport.Period period;
        try {
            period = report.period(from, to);
        } catch (InvalidInput e) {
            model.addAttribute("error", e.getMessage());
            period = report.period(null, null);
            to = null;
        }
        SlaReport.Report figures = report.report(period);
        model.addAttribute("report", figures);
        model.addAttribute(
                "bars",
                figures.firstResponseDistribution().stream()
                        .map(b -> new Bar(label(b, locale), b.count()))
                        .toList());
        model.addAttribute("from", figures.from().toLocalDate());
        model.addAttribute("to", figures.to().toLocalDate().minusDays(to == null || to.isBlank() ? 0 : 1));
        return "sla-report";
    }

    private String label(SlaReport.Bucket b, Locale locale) {
        if (b.fromMinutes() == 0)
            return texts.getMessage("sla.report.bucket.under", new Object[] {b.toMinutes()}, locale);
        if (b.toMinutes() == null)
            return texts.getMessage("sla.report.bucket.over", new Object[] {b.fromMinutes() / 60}, locale);
        if (b.fromMinutes() >= 60)
            return texts.getMessage(
                    "sla.report.bucket.hours", new Object[] {b.fromMinutes() / 60, b.toMinutes() / 60}, locale);
        return texts.getMessage("sla.report.bucket.minutes", new Object[] {b.fromMinutes(), b.toMinutes()}, locale);
    }
}
