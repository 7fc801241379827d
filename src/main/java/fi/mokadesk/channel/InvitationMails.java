package fi.mokadesk.channel;

import fi.mokadesk.workspace.InvitationIssued;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Invitation emails leave through the outbox like every other mail: queued in the invitation's transaction
 * (one per invitation, by its key), sent with retries, visible in the deliveries list. Without a mail server
 * nothing is queued; the admin copies the link shown once.
 */
@Component
class InvitationMails {

    private static final Logger log = LoggerFactory.getLogger(InvitationMails.class);

    private final Deliveries deliveries;

    InvitationMails(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @EventListener
    void on(InvitationIssued invitation) {
        if (!deliveries.mailConfigured()) {
            log.info("Invitation {} not emailed: no mail server is configured", invitation.invitationId());
            return;
        }
        deliveries.mail(
                "invitation:" + invitation.invitationId(),
                invitation.invitationId().toString(),
                new OutboundMail(invitation.email(), invitation.subject(), invitation.text()));
    }
}
