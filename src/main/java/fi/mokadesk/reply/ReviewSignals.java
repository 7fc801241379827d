package fi.mokadesk.reply;

import java.util.UUID;

/**
 * What other modules can tell the review rules, implemented where the knowledge lives and looked up
 * optionally (none today): an incident module answers whether a conversation is part of an open incident,
 * a remedy module whether a reply offers compensation above its author's limit. Without an implementation
 * both rules stay quiet; their switches already exist in the workspace's review settings.
 */
public interface ReviewSignals {

    /** Whether the conversation belongs to an open incident. */
    default boolean inOpenIncident(UUID conversationId) {
        return false;
    }

    /** Whether {@code text} offers compensation above what its author may grant alone. */
    default boolean compensationAboveLimit(UUID authorUserId, String text) {
        return false;
    }
}
