package fi.mokadesk.workspace;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "Teams", description = "The workspace's teams and their members (the SLA report counts per team)")
class TeamApi {

    private final Teams teams;

    TeamApi(Teams teams) {
        this.teams = teams;
    }

    @GetMapping
    @Operation(summary = "The workspace's teams with their members")
    List<Teams.Team> list() {
        return teams.teams();
    }

    @GetMapping("/{id}")
    Teams.Team get(@PathVariable UUID id) {
        return teams.team(id);
    }

    @PostMapping
    @Operation(summary = "Create a team (admins): a name and its members' user ids; a person is in one team at a time")
    ResponseEntity<Teams.Team> create(@RequestBody(required = false) Teams.TeamSpec spec) {
        return ResponseEntity.status(HttpStatus.CREATED).body(teams.create(spec));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Rename a team and set its members (admins); the list replaces the old one")
    Teams.Team update(@PathVariable UUID id, @RequestBody(required = false) Teams.TeamSpec spec) {
        return teams.update(id, spec);
    }
}
