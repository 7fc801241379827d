package fi.mokadesk.storm;

import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.InvalidInput;
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
}
