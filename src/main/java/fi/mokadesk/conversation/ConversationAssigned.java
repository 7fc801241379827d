package fi.mokadesk.conversation;

import java.util.UUID;

/** The conversation got a new assignee, or none ({@code assigneeId} null when it was unassigned). */
public record ConversationAssigned(
        UUID workspaceId, UUID conversationId, UUID previousAssigneeId, UUID assigneeId, String by) {}
