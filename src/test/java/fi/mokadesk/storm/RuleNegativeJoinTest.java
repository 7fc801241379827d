package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The two halves of a negative mention pair up in either order, once, and unpaired halves do not pile up. */
class RuleNegativeJoinTest {

    final RuleNegativeJoin join = new RuleNegativeJoin();
    final UUID workspace = UUID.randomUUID();

    @Test
    void theRulesFirstThenTheNegativeAnalysis() {
        UUID message = UUID.randomUUID();
        assertThat(join.mentioned(message, workspace, List.of("Aroma"), 300, 0)).isNull();
        RuleNegativeJoin.Pair pair = join.negative(message, 1_000);
        assertThat(pair).isEqualTo(new RuleNegativeJoin.Pair(workspace, List.of("Aroma"), 300));
        assertThat(join.waiting()).isZero();
        assertThat(join.negative(message, 2_000)).as("counted once").isNull();
    }

    @Test
    void theNegativeAnalysisFirstThenTheRules() {
        UUID message = UUID.randomUUID();
        assertThat(join.negative(message, 0)).isNull();
        RuleNegativeJoin.Pair pair = join.mentioned(message, workspace, List.of("Aroma", "Kuppi"), 600, 500);
        assertThat(pair.rules()).containsExactly("Aroma", "Kuppi");
        assertThat(pair.bucket()).isEqualTo(600);
        assertThat(join.waiting()).isZero();
    }

    @Test
    void aMentionOfAnotherMessageDoesNotPair() {
        join.negative(UUID.randomUUID(), 0);
        assertThat(join.mentioned(UUID.randomUUID(), workspace, List.of("Aroma"), 0, 0))
                .isNull();
        assertThat(join.waiting()).isEqualTo(2);
    }

    @Test
    void halvesOlderThanTheirTimeAreForgotten() {
        UUID late = UUID.randomUUID();
        join.mentioned(late, workspace, List.of("Aroma"), 0, 0);
        join.negative(UUID.randomUUID(), 0);
        UUID recent = UUID.randomUUID();
        join.mentioned(recent, workspace, List.of("Aroma"), 0, RuleNegativeJoin.KEEP_MILLIS);
        assertThat(join.sweep(RuleNegativeJoin.KEEP_MILLIS + 1)).isEqualTo(2);
        assertThat(join.negative(late, RuleNegativeJoin.KEEP_MILLIS + 2)).isNull();
        assertThat(join.negative(recent, RuleNegativeJoin.KEEP_MILLIS + 2)).isNotNull();
    }

    @Test
    void aFloodOfUnpairedHalvesIsBounded() {
        UUID first = UUID.randomUUID();
        join.mentioned(first, workspace, List.of("Aroma"), 0, 0);
        for (int i = 0; i < RuleNegativeJoin.MAX_WAITING; i++) {
            join.mentioned(UUID.randomUUID(), workspace, List.of("Aroma"), 0, 0);
        }
        assertThat(join.waiting()).isEqualTo(RuleNegativeJoin.MAX_WAITING);
        assertThat(join.negative(first, 1)).as("the oldest went first").isNull();
    }

    @Test
    void aMentionWithoutMessageOrRulesIsNotKept() {
        assertThat(join.mentioned(null, workspace, List.of("Aroma"), 0, 0)).isNull();
        assertThat(join.mentioned(UUID.randomUUID(), workspace, List.of(), 0, 0))
                .isNull();
        assertThat(join.negative(null, 0)).isNull();
        assertThat(join.waiting()).isZero();
    }
}
