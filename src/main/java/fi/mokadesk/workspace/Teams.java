package fi.mokadesk.workspace;

import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.kernel.StorableText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A workspace's teams: a name and the people in it, kept by admins (audited as {@code team.create} and
 * {@code team.update}). A person is in at most one team, so an answer belongs to one team in the SLA report.
 * Teams are renamed and emptied, never deleted: the report keeps naming the team past outcomes belong to.
 */
@Component
public class Teams {

    static final int MAX_MEMBERS = 500;

    public record TeamMember(UUID userId, String displayName) {}

    public record Team(UUID id, String name, List<TeamMember> members) {

        public boolean has(UUID userId) {
            return members.stream().anyMatch(m -> m.userId().equals(userId));
        }
    }

    /** A team as an admin writes it: its name and its members' user ids (strings, so a bad id gets a 400). */
    public record TeamSpec(String name, List<String> members) {}

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Teams(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** The workspace's teams by name, with their members. */
    public List<Team> teams() {
        Access.require(Role.VIEWER);
        return all();
    }

    public Team team(UUID id) {
        Access.require(Role.VIEWER);
        return all().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new NotFound("no such team"));
    }

    @Transactional
    public Team create(TeamSpec raw) {
        Access access = Access.require(Role.ADMIN);
        Clean spec = validated(raw, null);
        UUID id = jdbc.sql("insert into team (workspace_id, name) values (?, ?) returning id")
                .params(access.workspaceId(), spec.name())
                .query(UUID.class)
                .single();
        addMembers(access.workspaceId(), id, spec.members());
        Team created = team(id);
        events.publishEvent(new Audited("team.create", "team", id.toString(), null, created));
        return created;
    }

    /** Renames the team and sets its members (the list replaces the old one). */
    @Transactional
    public Team update(UUID id, TeamSpec raw) {
        Access access = Access.require(Role.ADMIN);
        Team before = team(id);
        Clean spec = validated(raw, id);
        jdbc.sql("update team set name = ? where id = ?")
                .params(spec.name(), id)
                .update();
        jdbc.sql("delete from team_member where team_id = ?").param(id).update();
        addMembers(access.workspaceId(), id, spec.members());
        Team after = team(id);
        events.publishEvent(new Audited("team.update", "team", id.toString(), before, after));
        return after;
    }

    /** Who is in which team (user id to team id) in the current workspace; for the SLA timers, no access check. */
    public Map<UUID, UUID> teamsOfMembers() {
        Map<UUID, UUID> teams = new HashMap<>();
        jdbc.sql("select user_id, team_id from team_member").query(rs -> {
            teams.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
        });
        return teams;
    }

    /** Team names by id in the current workspace (for reports, which check their own access). */
    public Map<UUID, String> names() {
        Map<UUID, String> names = new LinkedHashMap<>();
        jdbc.sql("select id, name from team order by lower(name)").query(rs -> {
            names.put(rs.getObject(1, UUID.class), rs.getString(2));
        });
        return names;
    }

    private record Clean(String name, List<UUID> members) {}

    private Clean validated(TeamSpec raw, UUID self) {
        if (raw == null) throw new InvalidInput("body", "is required");
        // A NUL or half an emoji cannot be stored: a 400 naming the field, never a database error.
        String name = StorableText.require(raw.name() == null ? "" : raw.name().strip(), "name");
        if (name.isEmpty() || name.length() > 100)
            throw new InvalidInput("name", "is required, at most 100 characters");
        boolean taken = jdbc.sql(
                        "select exists (select 1 from team where lower(name) = lower(?) and id is distinct from ?)")
                .params(name, self)
                .query(Boolean.class)
                .single();
        if (taken) throw new InvalidInput("name", "is already used");
        List<String> given = raw.members() == null ? List.of() : raw.members();
        if (given.size() > MAX_MEMBERS) throw new InvalidInput("members", "allows at most " + MAX_MEMBERS + " people");
        Set<UUID> workspacePeople = new java.util.HashSet<>(
                jdbc.sql("select user_id from membership").query(UUID.class).list());
        Map<UUID, UUID> inTeams = teamsOfMembers();
        Map<UUID, String> teamNames = names();
        Set<UUID> members = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "members[" + i + "]";
            UUID user;
            try {
                user = UUID.fromString(given.get(i) == null ? "" : given.get(i).strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidInput(field, "must be a user id");
            }
            if (!workspacePeople.contains(user)) throw new InvalidInput(field, "is not a member of this workspace");
            UUID other = inTeams.get(user);
            if (other != null && !other.equals(self)) {
                throw new InvalidInput(
                        field, "is already in team " + teamNames.get(other) + " (a person is in one team at a time)");
            }
            members.add(user);
        }
        return new Clean(name, new ArrayList<>(members));
    }

    private void addMembers(UUID workspace, UUID team, List<UUID> members) {
        if (members.isEmpty()) return;
        jdbc.sql("""
                        insert into team_member (workspace_id, team_id, user_id)
                        select ?, ?, u from unnest(?::uuid[]) as u
                        """)
                .params(workspace, team, members.stream().map(UUID::toString).toArray(String[]::new))
                .update();
    }

    private List<Team> all() {
        Map<UUID, List<TeamMember>> members = new HashMap<>();
        jdbc.sql("""
                        select t.team_id, t.user_id, u.display_name
                          from team_member t join app_user u on u.id = t.user_id
                         order by lower(u.display_name)
                        """).query(rs -> {
            members.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                    .add(new TeamMember(rs.getObject(2, UUID.class), rs.getString(3)));
        });
        List<Team> teams = new ArrayList<>();
        names().forEach((id, name) -> teams.add(new Team(id, name, members.getOrDefault(id, List.of()))));
        return teams;
    }
}
