package fi.mokadesk.workspace;

import java.util.UUID;

/**
 * An admin invited someone: the invitation email to send (Finnish and English, with the link), published in
 * the invitation's transaction. The outbox ({@code channel}) queues it when a mail server is configured, so
 * the email leaves exactly when the invitation is stored, with retries. The text carries the link's secret,
 * which Mokadesk otherwise keeps only as a hash.
 */
public record InvitationIssued(UUID workspaceId, UUID invitationId, String email, String subject, String text) {}
