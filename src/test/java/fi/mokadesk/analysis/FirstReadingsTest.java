package fi.mokadesk.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FirstReadingsTest {

    private static Analysis labelled(String sentiment) {
        return new Analysis(
                "fi", Map.of(), sentiment, Map.of(), Map.of(), false, 0, null, Map.of(), null, Map.of(), false);
    }

    @Test
    void anAnalysisKeptAtIngestIsTakenOnceAndThenAnalysedAgain() {
        FirstReadings first = new FirstReadings();
        Analysis negative = labelled("negative");
        first.keep("Paketti ei tullut", negative);
        assertThat(first.take("Paketti ei tullut")).isSameAs(negative);
        assertThat(first.take("Paketti ei tullut")).isNull();
        assertThat(first.take("never kept")).isNull();
    }

    @Test
    void theOldestAreDroppedBeyondTheEntryAndCharacterBounds() {
        FirstReadings first = new FirstReadings();
        for (int i = 0; i <= FirstReadings.MAX_ENTRIES; i++) first.keep("viesti " + i, labelled("neutral"));
        assertThat(first.take("viesti 0"))
                .as("the oldest beyond the entry bound")
                .isNull();
        assertThat(first.take("viesti 1")).isNotNull();
        assertThat(first.take("viesti " + FirstReadings.MAX_ENTRIES)).isNotNull();

        FirstReadings byText = new FirstReadings();
        String half = "a".repeat((int) (FirstReadings.MAX_CHARS / 2));
        byText.keep(half + "1", labelled("neutral"));
        byText.keep(half + "2", labelled("neutral"));
        byText.keep("short", labelled("positive"));
        assertThat(byText.take(half + "1"))
                .as("long texts count by their characters")
                .isNull();
        assertThat(byText.take(half + "2")).isNotNull();
        assertThat(byText.take("short")).isNotNull();
    }
}
