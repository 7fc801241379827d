package fi.mokadesk.listening;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Precision and recall on the labelled sentences must not fall below the figures in
 * {@code docs/listening.md}. The held-out part was written together with the dev part, before the
 * matcher was tuned on the dev part, and scored once.
 */
class LabelledSetTest {

    @Test
    void devPart() throws Exception {
        LabelledSet.Score score = LabelledSet.score("dev");
        System.out.println(score);
        score.errors().forEach(System.out::println);
        assertThat(score.sentences()).isGreaterThanOrEqualTo(120);
        assertThat(score.precision()).isGreaterThanOrEqualTo(0.96);
        assertThat(score.recall()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void heldOutPart() throws Exception {
        LabelledSet.Score score = LabelledSet.score("heldout");
        System.out.println(score);
        score.errors().forEach(System.out::println);
        assertThat(score.sentences()).isGreaterThanOrEqualTo(80);
        assertThat(score.precision()).isGreaterThanOrEqualTo(0.98);
        assertThat(score.recall()).isGreaterThanOrEqualTo(1.0);
    }
}
