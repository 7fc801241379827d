package fi.mokadesk.workspace;

import fi.mokadesk.kernel.InvalidInput;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/v1/workspace")
@Tag(name = "Workspace", description = "Settings, people and API tokens of the token's workspace (admin)")
class WorkspaceApi {

    private final Workspaces workspaces;
    private final Invitations invitations;

    WorkspaceApi(Workspaces workspaces, Invitations invitations) {
        this.workspaces = workspaces;
        this.invitations = invitations;
    }

    record SettingsChange(String name, String outboundWebhookUrl) {}

    record Invite(String email, String displayName, String role) {}

    record MemberChange(String role, Boolean enabled) {}

    record TokenRequest(String name, String role) {}

    /** Where operational alerts (a channel that stops working) are posted as chat messages; null when none. */
    record AlertChat(String url) {}

    @GetMapping
    @Operation(summary = "Name, outbound webhook URL and its signing secret")
    Workspaces.Settings settings() {
        Access.require(Role.ADMIN);
        return workspaces.settings();
    }

    @PutMapping
    @Operation(summary = "Change the name and the outbound webhook URL")
    Workspaces.Settings update(@RequestBody SettingsChange change) {
        workspaces.updateSettings(change.name(), change.outboundWebhookUrl());
        return workspaces.settings();
    }

    @GetMapping("/alert-chat")
    @Operation(summary = "The chat incoming webhook (Slack, Teams, Google Chat) that gets operational alerts")
    AlertChat alertChat() {
        Access.require(Role.ADMIN);
        return new AlertChat(workspaces.alertChatWebhookUrl().orElse(null));
    }

    @PutMapping("/alert-chat")
    @Operation(
            summary = "Set or remove the chat webhook for alerts",
            description = "A channel that goes into error (e.g. an IMAP login failing, a contact form whose"
                    + " health check fails) is then also posted there, once per outage; null or empty removes it.")
    AlertChat changeAlertChat(@RequestBody(required = false) AlertChat change) {
        return new AlertChat(workspaces
                .changeAlertChatWebhookUrl(change == null ? null : change.url())
                .orElse(null));
    }

    @GetMapping("/members")
    List<Workspaces.Member> members() {
        Access.require(Role.ADMIN);
        return workspaces.members();
    }

    @PostMapping("/members")
    @Operation(
            summary = "Invite a person",
            description = "Creates a pending invitation; the person joins when they accept it at the returned"
                    + " link (shown only in this answer; also mailed when a mail server is configured). The"
                    + " answer is the same whether or not the email already has an account.")
    ResponseEntity<Invitations.Issued> invite(@RequestBody Invite invite) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(invitations.invite(
                        invite.email(),
                        invite.displayName(),
                        invite.role() == null ? Role.AGENT : role(invite.role()),
                        ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()));
    }

    @GetMapping("/invitations")
    @Operation(summary = "Pending invitations")
    List<Invitations.Pending> invitations() {
        return invitations.pending();
    }

    @PostMapping("/invitations/{id}/revoke")
    ResponseEntity<Void> revokeInvitation(@PathVariable UUID id) {
        invitations.revoke(id);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/members/{userId}")
    @Operation(summary = "Change a member's role or enable/disable them")
    ResponseEntity<Void> change(@PathVariable UUID userId, @RequestBody MemberChange change) {
        if (change.role() != null) workspaces.changeRole(userId, role(change.role()));
        if (change.enabled() != null) workspaces.setEnabled(userId, change.enabled());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/tokens")
    List<Workspaces.Token> tokens() {
        Access.require(Role.ADMIN);
        return workspaces.tokens();
    }

    @PostMapping("/tokens")
    @Operation(summary = "Issue a token; its secret is in this answer only")
    ResponseEntity<Workspaces.IssuedToken> issue(@RequestBody TokenRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(workspaces.issueToken(request.name(), role(request.role())));
    }

    @PostMapping("/tokens/{id}/revoke")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        workspaces.revokeToken(id);
        return ResponseEntity.noContent().build();
    }

    private static Role role(String code) {
        try {
            return Role.of(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("role", "must be admin, lead, agent or viewer");
        }
    }
}
