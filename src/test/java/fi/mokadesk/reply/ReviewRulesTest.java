package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.reply.ReviewRules.Situation;
import org.junit.jupiter.api.Test;

/** When a second person must approve a reply, by the workspace's rules. */
class ReviewRulesTest {

    private final ReviewRules defaults = ReviewRules.defaults();

    @Test
    void aPublicReplyInANegativeOrAbusiveThreadNeedsReview() {
        assertThat(defaults.reasons(new Situation(true, true, false, false, false, false)))
                .containsExactly(ReviewReason.PUBLIC_NEGATIVE);
        assertThat(defaults.reasons(new Situation(true, false, true, false, false, false)))
                .containsExactly(ReviewReason.PUBLIC_NEGATIVE);
    }

    @Test
    void aPrivateReplyOrACalmThreadDoesNot() {
        assertThat(defaults.reasons(new Situation(false, true, true, false, false, false)))
                .isEmpty();
        assertThat(defaults.reasons(new Situation(true, false, false, false, false, false)))
                .isEmpty();
    }

    @Test
    void peopleInTrainingAlwaysNeedReview() {
        assertThat(defaults.reasons(new Situation(false, false, false, true, false, false)))
                .containsExactly(ReviewReason.IN_TRAINING);
    }

    @Test
    void incidentsAndCompensationNeedReviewWhenTheirModulesSaySo() {
        assertThat(defaults.reasons(new Situation(false, false, false, false, true, true)))
                .containsExactly(ReviewReason.OPEN_INCIDENT, ReviewReason.COMPENSATION);
    }

    @Test
    void everyReasonIsListed() {
        assertThat(defaults.reasons(new Situation(true, true, false, true, true, true)))
                .containsExactly(
                        ReviewReason.PUBLIC_NEGATIVE,
                        ReviewReason.IN_TRAINING,
                        ReviewReason.OPEN_INCIDENT,
                        ReviewReason.COMPENSATION);
    }

    @Test
    void aRuleTurnedOffIsQuiet() {
        ReviewRules off = new ReviewRules(false, false, false, false);
        assertThat(off.reasons(new Situation(true, true, true, true, true, true)))
                .isEmpty();
        ReviewRules onlyTraining = new ReviewRules(false, true, false, false);
        assertThat(onlyTraining.reasons(new Situation(true, true, true, true, false, false)))
                .containsExactly(ReviewReason.IN_TRAINING);
    }
}
