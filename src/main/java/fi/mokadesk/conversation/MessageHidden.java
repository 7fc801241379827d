package fi.mokadesk.conversation;

import java.util.UUID;

/** A customer message was hidden from the public view; it stays stored with who, when and why. */
public record MessageHidden(UUID workspaceId, UUID conversationId, UUID messageId, String by, String reason) {}
