package fi.mokadesk.storm;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Storms over the JSON API (bearer token, agent or higher). */
@RestController
@RequestMapping("/api/v1/storms")
class StormApi {

    private final Storms storms;

    StormApi(Storms storms) {
        this.storms = storms;
    }

    /** Recent storms, open ones first. */
    @GetMapping
    Map<String, List<Storms.StormView>> list(@RequestParam(defaultValue = "50") int limit) {
        Access.require(Role.AGENT);
        return Map.of("storms", storms.recent(InvalidInput.requireBetween("limit", limit, 1, 200)));
    }

    /** A series' counts, expectation and band per 5-minute bucket, with its storms. */
    @GetMapping("/series")
    Storms.Series series(@RequestParam String series, @RequestParam(defaultValue = "48") int hours) {
        Access.require(Role.AGENT);
        return storms.series(series, hours, Instant.now());
    }

    /** Alarms per alarm level over the last days and how many leads marked "not a storm" (evaluation data). */
    @GetMapping("/marks")
    Storms.Marks marks(@RequestParam(defaultValue = "90") int days) {
        Access.require(Role.AGENT);
        return storms.marks(days, Instant.now());
    }

    /** What a lead may say about an alarm. */
    record Verdict(String note) {}

    /** Marks an alarm "not a storm" (role lead or admin); the storm stays, with the mark, as evaluation data. */
    @org.springframework.web.bind.annotation.PostMapping("/{id}/not-a-storm")
    Storms.StormView markNotAStorm(
            @org.springframework.web.bind.annotation.PathVariable java.util.UUID id,
            @org.springframework.web.bind.annotation.RequestBody(required = false) Verdict verdict) {
        return storms.markNotAStorm(id, verdict == null ? null : verdict.note());
    }
}
