package fi.mokadesk.workspace;

import java.util.UUID;

/** The very first start created the first workspace and its admin. */
public record DeskInitialized(UUID workspaceId, UUID adminUserId) {}
