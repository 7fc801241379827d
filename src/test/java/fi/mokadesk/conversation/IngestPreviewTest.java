package fi.mokadesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The inbox's one-line preview of a message: whitespace runs become one space, long texts end in an ellipsis. */
class IngestPreviewTest {

    @Test
    void whitespaceRunsBecomeOneSpaceAndTheEndsAreTrimmed() {
        assertThat(Ingest.preview("  Hei,\n\n  missä\ttilaus?  ")).isEqualTo("Hei, missä tilaus?");
    }

    @Test
    void aLongTextIsCutAt160CharactersWithAnEllipsis() {
        String text = "sana ".repeat(100);
        String preview = Ingest.preview(text);
        assertThat(preview).hasSize(158).endsWith("…");
        assertThat(preview.substring(0, 157)).isEqualTo(text.substring(0, 157));
        assertThat(Ingest.preview("a".repeat(160))).isEqualTo("a".repeat(160));
    }
}
