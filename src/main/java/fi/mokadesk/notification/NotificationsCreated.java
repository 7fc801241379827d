package fi.mokadesk.notification;

import java.util.List;
import java.util.UUID;

/** New notices for these people were stored (published in the storing transaction). */
public record NotificationsCreated(UUID workspaceId, List<UUID> userIds) {}
