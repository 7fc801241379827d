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
    void theAnalysisKeptAtIngestIsTakenOnceAndOnlyForTheSameMessagesText() {
        FirstReadings first = new FirstReadings();
        String text = new String("Paketti ei tullut");
        Analysis negative = labelled("negative");
        first.keep(text, negative);
        assertThat(first.take(new String("Paketti ei tullut")))
                .as("another message with the same words is analysed anew")
                .isNull();
        assertThat(first.take(text)).isSameAs(negative);
        assertThat(first.take(text)).as("taken once").isNull();
    }

    @Test
    void theOldestAreDroppedBeyondTheEntryAndCharacterBounds() {
        FirstReadings first = new FirstReadings();
        String[] texts = new String[FirstReadings.MAX_ENTRIES + 1];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "viesti " + i;
            first.keep(texts[i], labelled("neutral"));
        }
        assertThat(first.take(texts[0])).as("the oldest beyond the entry bound").isNull();
        assertThat(first.take(texts[1])).isNotNull();
        assertThat(first.take(texts[texts.length - 1])).isNotNull();

        FirstReadings byText = new FirstReadings();
        String half = "a".repeat((int) (FirstReadings.MAX_CHARS / 2));
        String one = half + "1", two = half + "2", shortText = "short";
        byText.keep(one, labelled("neutral"));
        byText.keep(two, labelled("neutral"));
        byText.keep(shortText, labelled("positive"));
        assertThat(byText.take(one)).as("long texts count by their characters").isNull();
        assertThat(byText.take(two)).isNotNull();
        assertThat(byText.take(shortText)).isNotNull();
    }
}
