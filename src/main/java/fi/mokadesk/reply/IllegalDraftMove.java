package fi.mokadesk.reply;

/** A move the draft state machine refuses (HTTP 409 with the reason). */
class IllegalDraftMove extends RuntimeException {
    private final DraftState from;
    private final DraftState to;

    IllegalDraftMove(DraftState from, DraftState to) {
        super("a draft in state " + from.code() + " cannot move to " + to.code());
        this.from = from;
        this.to = to;
    }

    DraftState from() {
        return from;
    }

    DraftState to() {
        return to;
    }
}
