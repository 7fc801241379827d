package fi.mokadesk.reply;

import java.util.ArrayList;
import java.util.List;

/**
 * A workspace's review rules: which situations need a second person's approval before a reply is sent.
 * Every rule is on by default. Pure: the situation is gathered by the workflow.
 */
record ReviewRules(boolean publicNegative, boolean inTraining, boolean openIncident, boolean compensation) {

    static ReviewRules defaults() {
        return new ReviewRules(true, true, true, true);
    }

    /**
     * What the reply is about to do.
     *
     * @param isPublic everyone will see the reply
     * @param negative the thread's customer messages are negative
     * @param abusive a customer message of the thread is abusive
     * @param authorInTraining the author is marked in training
     * @param inOpenIncident the conversation is part of an open incident
     * @param compensationAboveLimit the reply offers more than the author may grant alone
     */
    record Situation(
            boolean isPublic,
            boolean negative,
            boolean abusive,
            boolean authorInTraining,
            boolean inOpenIncident,
            boolean compensationAboveLimit) {}

    /** The reasons this situation needs review; empty when the author may send alone. */
    List<ReviewReason> reasons(Situation s) {
        List<ReviewReason> reasons = new ArrayList<>();
        if (publicNegative && s.isPublic() && (s.negative() || s.abusive())) reasons.add(ReviewReason.PUBLIC_NEGATIVE);
        if (inTraining && s.authorInTraining()) reasons.add(ReviewReason.IN_TRAINING);
        if (openIncident && s.inOpenIncident()) reasons.add(ReviewReason.OPEN_INCIDENT);
        if (compensation && s.compensationAboveLimit()) reasons.add(ReviewReason.COMPENSATION);
        return reasons;
    }
}
