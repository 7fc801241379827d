package fi.mokadesk.conversation;

import java.util.UUID;

/**
 * A pending or resolved conversation is open again (also published as a {@link ConversationStatusChanged}).
 *
 * @param byCustomer true when a new customer message reopened it, false when an agent did
 * @param by the agent's name, or null when the customer reopened it
 */
public record ConversationReopened(
        UUID workspaceId, UUID conversationId, ConversationStatus from, boolean byCustomer, String by) {}
