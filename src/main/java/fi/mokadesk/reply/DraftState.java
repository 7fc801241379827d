package fi.mokadesk.reply;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a reply draft is on its way to the customer, and the only moves allowed between the states:
 *
 * <pre>
 * draft ──submit──▶ in_review ──approve──▶ approved ──send──▶ sending ──▶ sent
 *   ▲  └────────────send (no review needed)─────────────────▶    │
 *   └── edit / changes requested ◀─ in_review, approved, failed ◀──┴──▶ failed ──retry──▶ sending
 * </pre>
 *
 * A draft that needs no review may go straight from {@code draft} to {@code sending}; one that needs review
 * gets there only through {@code approved} (the workflow checks that, this type only knows the moves).
 * {@code sent} is final: what went to the customer stays as it was. {@code sending → approved} is only the
 * recovery of an approved draft whose send a stopped desk left unfinished (nothing was sent, the approval
 * still holds).
 */
enum DraftState {
    DRAFT,
    IN_REVIEW,
    APPROVED,
    SENDING,
    SENT,
    FAILED;

    private Set<DraftState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(DRAFT, IN_REVIEW, SENDING);
            case IN_REVIEW -> EnumSet.of(APPROVED, DRAFT);
            case APPROVED -> EnumSet.of(SENDING, DRAFT);
            case SENDING -> EnumSet.of(SENT, FAILED, APPROVED);
            case FAILED -> EnumSet.of(SENDING, DRAFT);
            case SENT -> EnumSet.noneOf(DraftState.class);
        };
    }

    boolean canMoveTo(DraftState target) {
        return next().contains(target);
    }

    /** {@code target} when the move is allowed; otherwise an {@link IllegalDraftMove} (HTTP 409). */
    DraftState moveTo(DraftState target) {
        if (!canMoveTo(target)) throw new IllegalDraftMove(this, target);
        return target;
    }

    /** The text may still change: anything before it leaves. */
    boolean editable() {
        return this == DRAFT || this == IN_REVIEW || this == APPROVED || this == FAILED;
    }

    /** Still on its way: counted as an open draft and shown to the team. */
    boolean open() {
        return this != SENT;
    }

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DraftState of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
