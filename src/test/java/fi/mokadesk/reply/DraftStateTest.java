package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The draft's state machine: the moves the workflow may make, and the ones it must refuse. */
class DraftStateTest {

    @Test
    void aDraftGoesThroughReviewToSent() {
        DraftState s = DraftState.DRAFT.moveTo(DraftState.IN_REVIEW);
        s = s.moveTo(DraftState.APPROVED);
        s = s.moveTo(DraftState.SENDING);
        assertThat(s.moveTo(DraftState.SENT)).isEqualTo(DraftState.SENT);
    }

    @Test
    void aDraftThatNeedsNoReviewMaySendStraightAway() {
        assertThat(DraftState.DRAFT.moveTo(DraftState.SENDING)).isEqualTo(DraftState.SENDING);
    }

    @Test
    void editsAndRequestedChangesReturnToDraft() {
        for (DraftState s : EnumSet.of(DraftState.IN_REVIEW, DraftState.APPROVED, DraftState.FAILED)) {
            assertThat(s.canMoveTo(DraftState.DRAFT)).as(s.code()).isTrue();
            assertThat(s.editable()).isTrue();
        }
    }

    @Test
    void aFailedSendCanBeRetried() {
        assertThat(DraftState.SENDING.moveTo(DraftState.FAILED).moveTo(DraftState.SENDING))
                .isEqualTo(DraftState.SENDING);
    }

    @Test
    void sentIsFinal() {
        for (DraftState to : DraftState.values()) {
            assertThat(DraftState.SENT.canMoveTo(to)).as(to.code()).isFalse();
        }
        assertThat(DraftState.SENT.editable()).isFalse();
        assertThat(DraftState.SENT.open()).isFalse();
    }

    @Test
    void illegalMovesAreRefusedWithBothStatesNamed() {
        assertThatThrownBy(() -> DraftState.DRAFT.moveTo(DraftState.APPROVED))
                .isInstanceOf(IllegalDraftMove.class)
                .hasMessage("a draft in state draft cannot move to approved");
        assertThatThrownBy(() -> DraftState.IN_REVIEW.moveTo(DraftState.SENDING))
                .isInstanceOf(IllegalDraftMove.class);
        assertThatThrownBy(() -> DraftState.SENDING.moveTo(DraftState.DRAFT)).isInstanceOf(IllegalDraftMove.class);
        assertThatThrownBy(() -> DraftState.APPROVED.moveTo(DraftState.IN_REVIEW))
                .isInstanceOf(IllegalDraftMove.class);
    }

    @Test
    void onlyApprovedDraftsOrDraftsWithoutReviewReachSending() {
        Set<DraftState> into = EnumSet.noneOf(DraftState.class);
        for (DraftState s : DraftState.values()) if (s.canMoveTo(DraftState.SENDING)) into.add(s);
        assertThat(into).containsExactlyInAnyOrder(DraftState.DRAFT, DraftState.APPROVED, DraftState.FAILED);
    }

    @Test
    void codesRoundTrip() {
        for (DraftState s : DraftState.values())
            assertThat(DraftState.of(s.code())).isEqualTo(s);
        assertThat(DraftState.IN_REVIEW.code()).isEqualTo("in_review");
    }
}
