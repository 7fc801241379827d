package fi.mokadesk.sla;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/sla")
@Tag(name = "SLA", description = "Policies, business-hours calendars and the SLA report")
class SlaApi {

    private final SlaSettings settings;
    private final SlaReport report;

    SlaApi(SlaSettings settings, SlaReport report) {
        this.settings = settings;
        this.report = report;
    }

    @GetMapping("/policies")
    @Operation(summary = "The workspace's SLA policies (current versions; the default one first)")
    List<SlaSettings.PolicyView> policies() {
        return settings.policies();
    }

    @GetMapping("/policies/{id}")
    @Operation(summary = "One policy's current version")
    SlaSettings.PolicyView policy(@PathVariable UUID id) {
        return settings.policyView(id);
    }

    @PostMapping("/policies")
    @Operation(summary = "Create a policy (admins); default=true makes it the one new conversations get")
    ResponseEntity<SlaSettings.PolicyView> createPolicy(@RequestBody PolicySpec spec) {
        return ResponseEntity.status(HttpStatus.CREATED).body(settings.createPolicy(spec));
    }

    @PutMapping("/policies/{id}")
    @Operation(summary = "Change a policy (admins): a new version for new conversations; running timers keep theirs")
    SlaSettings.PolicyView updatePolicy(@PathVariable UUID id, @RequestBody PolicySpec spec) {
        return settings.updatePolicy(id, spec);
    }

    @GetMapping("/calendars")
    @Operation(summary = "The workspace's business-hours calendars")
    List<SlaSettings.CalendarView> calendars() {
        return settings.calendars();
    }

    @GetMapping("/calendars/{id}")
    SlaSettings.CalendarView calendar(@PathVariable UUID id) {
        return settings.calendarView(id);
    }

    @PostMapping("/calendars")
    @Operation(summary = "Create a business-hours calendar (admins)")
    ResponseEntity<SlaSettings.CalendarView> createCalendar(@RequestBody CalendarSpec spec) {
        return ResponseEntity.status(HttpStatus.CREATED).body(settings.createCalendar(spec));
    }

    @PutMapping("/calendars/{id}")
    @Operation(summary = "Change a calendar (admins); applies to due times computed from now on")
    SlaSettings.CalendarView updateCalendar(@PathVariable UUID id, @RequestBody CalendarSpec spec) {
        return settings.updateCalendar(id, spec);
    }

    @GetMapping("/report")
    @Operation(
            summary =
                    "SLA compliance per channel and agent; first-response median, p90, histogram and daily figures; breaches (leads)")
    SlaReport.Report report(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return report.report(report.period(from, to));
    }

    @GetMapping(path = "/report.csv", produces = "text/csv")
    @Operation(summary = "Every hit or missed timer of the period as CSV (leads)")
    ResponseEntity<String> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        String body = SlaReport.csv(report.outcomes(report.period(from, to)));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"sla-report.csv\"")
                .body(body);
    }
}
