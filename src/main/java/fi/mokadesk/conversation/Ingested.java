package fi.mokadesk.conversation;

import java.util.UUID;

/** Where an inbound message landed; {@code created} is false for a re-delivery of a known message. */
public record Ingested(UUID messageId, UUID conversationId, boolean created) {}
