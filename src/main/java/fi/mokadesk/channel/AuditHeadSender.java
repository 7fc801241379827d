package fi.mokadesk.channel;

import fi.mokadesk.workspace.Workspaces;
import org.springframework.stereotype.Component;

/** Audit chain heads, signed with the workspace's webhook secret as they always were. */
@Component
class AuditHeadSender implements OutboxSender {

    private final JsonPost post;
    private final Workspaces workspaces;

    AuditHeadSender(JsonPost post, Workspaces workspaces) {
        this.post = post;
        this.workspaces = workspaces;
    }

    @Override
    public DeliveryKind kind() {
        return DeliveryKind.AUDIT_HEAD;
    }

    @Override
    public ChannelAdapter.Outcome send(Outbox.Row row) {
        String secret = workspaces.settings().webhookSecret();
        return OutboxSender.outcome(post.sendSigned(row.target(), row.payload(), secret, "Mokadesk-Audit/1"));
    }
}
