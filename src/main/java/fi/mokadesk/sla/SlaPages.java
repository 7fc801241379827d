package fi.mokadesk.sla;

import fi.mokadesk.kernel.InvalidInput;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The SLA report page for leads and admins: the same figures as the report API, the first-response-time
 * chart (sla-report.js draws it from the page's own tables, which are also its text alternative) and the
 * CSV link.
 */
@Controller
class SlaPages {

    private final SlaReport report;
    private final MessageSource texts;

    SlaPages(SlaReport report, MessageSource texts) {
        this.report = report;
        this.texts = texts;
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
