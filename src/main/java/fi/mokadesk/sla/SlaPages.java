package fi.mokadesk.sla;

import fi.mokadesk.kernel.InvalidInput;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The SLA report page for leads and admins (the same figures as the report API, with the CSV link). */
@Controller
class SlaPages {

    private final SlaReport report;

    SlaPages(SlaReport report) {
        this.report = report;
    }

    @GetMapping("/sla/report")
    String report(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        SlaReport.Period period;
        try {
            period = SlaReport.period(from, to);
        } catch (InvalidInput e) {
            model.addAttribute("error", e.getMessage());
            period = SlaReport.period(null, null);
        }
        SlaReport.Report figures = report.report(period);
        model.addAttribute("report", figures);
        model.addAttribute("from", figures.from().toLocalDate());
        model.addAttribute("to", figures.to().toLocalDate().minusDays(to == null || to.isBlank() ? 0 : 1));
        return "sla-report";
    }
}
