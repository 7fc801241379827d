package fi.mokadesk.conversation;

import java.util.UUID;

/**
 * The conversation's status changed, by an agent or by a customer's new message.
 *
 * @param by the agent's name, or null when a customer message reopened the conversation
 */
public record ConversationStatusChanged(
        UUID workspaceId, UUID conversationId, ConversationStatus from, ConversationStatus to, String by) {}
