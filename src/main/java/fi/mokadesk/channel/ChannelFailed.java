package fi.mokadesk.channel;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A channel went into {@code error} (a new episode: it was not in error before). Published in the change's transaction. */
record ChannelFailed(
        UUID workspaceId, UUID channelId, String type, String name, String statusMessage, OffsetDateTime since) {}
