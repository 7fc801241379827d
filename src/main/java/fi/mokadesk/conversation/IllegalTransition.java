package fi.mokadesk.conversation;

/** A status change the conversation's rules do not allow (HTTP 409 with the reason; a message in the UI). */
public class IllegalTransition extends RuntimeException {

    private final ConversationStatus from;
    private final ConversationStatus to;

    IllegalTransition(ConversationStatus from, ConversationStatus to, String reason) {
        super(reason);
        this.from = from;
        this.to = to;
    }

    public ConversationStatus from() {
        return from;
    }

    public ConversationStatus to() {
        return to;
    }
}
