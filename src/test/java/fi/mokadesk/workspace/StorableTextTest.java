package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.StorableText;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void ordinaryTextEmojiAndControlCharactersOtherThanNulAreStorable() {
        assertThat(StorableText.problem("Hyvää päivää 😀\t\r\n\u202e")).isNull();
        assertThat(StorableText.problem(null)).isNull();
    }

    @Test
    void nulAndLoneSurrogatesAreNamed() {
        assertThat(StorableText.problem("a\u0000")).contains("NUL");
        assertThat(StorableText.problem("\ud800")).contains("lone UTF-16 surrogate");
        assertThat(StorableText.problem("x\udc00y")).contains("lone UTF-16 surrogate");
        assertThat(StorableText.problem("\ude00\ud83d")).contains("lone UTF-16 surrogate"); // pair in the wrong order
        assertThatThrownBy(() -> StorableText.require("a\u0000", "threadKey"))
                .isInstanceOfSatisfying(
                        InvalidInput.class, e -> assertThat(e.field()).isEqualTo("threadKey"))
                .hasMessageStartingWith("threadKey contains a NUL character");
    }

    @Test
    void repairKeepsEverythingButWhatCannotBeStored() {
        assertThat(StorableText.repair("a\u0000b \ud83d\ude00 \ud800 \udc00"))
                .isEqualTo("a\uFFFDb \ud83d\ude00 \uFFFD \uFFFD");
        assertThat(StorableText.repair("ehjä")).isEqualTo("ehjä");
        assertThat(StorableText.problem(StorableText.repair("\ud800\u0000"))).isNull();
    }

    @Test
    void rangesNameTheFieldAndTheBounds() {
        assertThat(InvalidInput.requireBetween("limit", 5, 1, 100)).isEqualTo(5);
        assertThatThrownBy(() -> InvalidInput.requireBetween("limit", 0, 1, 100))
                .hasMessage("limit must be between 1 and 100");
    }
}
