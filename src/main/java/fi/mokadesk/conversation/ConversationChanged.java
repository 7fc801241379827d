package fi.mokadesk.conversation;

import java.util.UUID;

/** Anything visible in a conversation changed: a message, a status, an assignment, a hidden message. */
public record ConversationChanged(UUID workspaceId, UUID conversationId, String what) {}
