package fi.mokadesk.conversation;

import java.util.UUID;

/** An agent resolved the conversation (also published as a {@link ConversationStatusChanged}). */
public record ConversationResolved(UUID workspaceId, UUID conversationId, ConversationStatus from, String by) {}
