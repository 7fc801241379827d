package fi.mokadesk.conversation;

import java.util.Set;

/**
 * Where a conversation stands, and the moves between the states. An agent works an open conversation,
 * sets it pending while waiting for the customer, and resolves it; a customer's new message reopens a
 * pending or resolved one. A resolved conversation is not parked as pending: it is reopened first, so
 * that "pending" always means somebody is waiting for the customer on a live case.
 */
public enum ConversationStatus {
    OPEN,
    PENDING,
    RESOLVED;

    public String code() {
        return Codes.code(this);
    }

    public static ConversationStatus of(String code, String field) {
        return Codes.of(ConversationStatus.class, code, field);
    }

    /** The states an agent may move a conversation to from this one. */
    public Set<ConversationStatus> next() {
        return switch (this) {
            case OPEN -> Set.of(PENDING, RESOLVED);
            case PENDING -> Set.of(OPEN, RESOLVED);
            case RESOLVED -> Set.of(OPEN);
        };
    }

    /**
     * An agent's move to {@code target}: the new state, or {@link IllegalTransition} with the reason. Staying
     * in the same state is not a move (callers treat it as no change).
     */
    public ConversationStatus moveTo(ConversationStatus target) {
        if (target == this) throw new IllegalTransition(this, target, "the conversation is already " + code());
        if (!next().contains(target)) {
            throw new IllegalTransition(
                    this, target, "a " + code() + " conversation cannot be set " + target.code() + "; reopen it first");
        }
        return target;
    }

    /** Where a new customer message takes the conversation: always back to open. */
    public ConversationStatus afterCustomerMessage() {
        return OPEN;
    }

    /** Whether a customer message arriving now reopens the conversation. */
    public boolean reopenedByCustomer() {
        return this != OPEN;
    }
}
