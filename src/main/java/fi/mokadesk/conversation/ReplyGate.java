package fi.mokadesk.conversation;

import java.util.UUID;

/**
 * Asked before a reply is written straight to the customer (not through a draft): the reply module implements
 * it with the workspace's review rules and the reply coach's blocking findings, so a direct reply cannot skip
 * what a draft would have to pass. Owned here so conversations do not depend on the reply module; without an
 * implementation every reply passes.
 */
public interface ReplyGate {

    /**
     * Passes quietly, or throws {@link ReplyRefused} saying why this reply may not go out directly (HTTP 409).
     */
    void check(UUID conversationId, String text);
}
