package fi.mokadesk.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeywordMatcherTest {
    private static final KeywordMatcher MATCHER = KeywordMatcher.of(List.of(
            new KeywordRule("aroma", List.of("Kahvila Aroma", "Aroma"), List.of("aromaterapia")),
            new KeywordRule("mokadesk", List.of("Mokadesk"), List.of()),
            new KeywordRule("virtanen", List.of("Leipomo Virtanen"), List.of()),
            new KeywordRule("hsl", List.of("HSL"), List.of()),
            new KeywordRule("kuppi", List.of("Kahvila Kuppi"), List.of()),
            new KeywordRule("ranta", List.of("Hotelli Ranta"), List.of()),
            new KeywordRule("kivi", List.of("Kivi"), List.of()),
            new KeywordRule("lumous", List.of("Lumous"), List.of()),
            new KeywordRule("s54", List.of("Studio 54"), List.of()),
            new KeywordRule("vk", List.of("Verkkokauppa.com"), List.of())));

    /** The matched text of each match, in order. */
    private static List<String> found(String text) {
        return MATCHER.match(text).stream()
                .map(m -> m.rule() + ":" + text.substring(m.start(), m.end()))
                .toList();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Aroma",
                "Aroman",
                "Aromaa",
                "Aromassa",
                "Aromasta",
                "Aromalle",
                "Aromalla",
                "Aromaan",
                "Aromana",
                "Aromaksi",
                "Aromakin",
                "Aromastahan",
                "Aromassakin",
                "Aromallekaan",
                "Aromassaan",
                "Aroma's",
                "AROMALTA",
                "aroman"
            })
    void inflectedFormsOfAOneWordName(String word) {
        assertThat(found("Kävin eilen " + word + " ja se oli kiva.")).containsExactly("aroma:" + word);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "aromaterapia",
                "Aromaterapiassa",
                "aromaattinen",
                "Aromaattista",
                "aromikas",
                "aromit",
                "aromatisoitu",
                "superaroma",
                "aromaöljy",
                "Aromainen"
            })
    void longerWordsAreNotTheName(String word) {
        assertThat(found("Tämä " + word + " on jotain muuta.")).isEmpty();
    }

    @Test
    void foreignNamesEndingInAConsonantTakeALinkingVowel() {
        assertThat(found("Mokadeskin avulla, Mokadeskille, Mokadeskiä, Mokadeskissä, Mokadeskiin, Mokadesk:n"))
                .containsExactly(
                        "mokadesk:Mokadeskin",
                        "mokadesk:Mokadeskille",
                        "mokadesk:Mokadeskiä",
                        "mokadesk:Mokadeskissä",
                        "mokadesk:Mokadeskiin",
                        "mokadesk:Mokadesk:n");
        assertThat(found("Mokadeskmobile ja mokasiinit")).isEmpty();
    }

    @Test
    void namesInNenChangeTheirStem() {
        assertThat(found("Leipomo Virtasen, Leipomo Virtaselta, Leipomo Virtasta, Leipomo Virtasenkin"))
                .containsExactly(
                        "virtanen:Leipomo Virtasen",
                        "virtanen:Leipomo Virtaselta",
                        "virtanen:Leipomo Virtasta",
                        "virtanen:Leipomo Virtasenkin");
        assertThat(found("Leipomo Virtaniemi ja Leipomon Virtanen")).isEmpty();
    }

    @Test
    void consonantGradationAndEStems() {
        assertThat(found("Kahvila Kupissa, Kahvila Kupin, Kahvila Kuppiin")).hasSize(3);
        assertThat(found("Hotelli Rannassa ja Hotelli Rantaan"))
                .containsExactly("ranta:Hotelli Rannassa", "ranta:Hotelli Rantaan");
        assertThat(found("Kivessä, Kiveltä, Kiven")).containsExactly("kivi:Kivessä", "kivi:Kiveltä", "kivi:Kiven");
        assertThat(found("Lumouksen ja Lumoukseen ja Lumousta")).hasSize(3);
        assertThat(found("kuppikakku, Kahvila Kuppikakku, Kivikko, Lumousvoima, Hotelli Rantasipi"))
                .isEmpty();
    }

    @Test
    void otherStemShapes() {
        KeywordMatcher m = KeywordMatcher.of(List.of(
                new KeywordRule("lahti", List.of("Lahti"), List.of()),
                new KeywordRule("puhelin", List.of("Puhelin"), List.of()),
                new KeywordRule("yle", List.of("YLE"), List.of()),
                new KeywordRule("seven", List.of("7-Eleven"), List.of())));
        String text = "Lahdessa, Lahteen, Puhelimen, Ylen, YLE:ltä, 7-Elevenissä, Lahtelainen, Puhelinluettelo";
        assertThat(m.match(text).stream().map(x -> text.substring(x.start(), x.end())))
                .containsExactly("Lahdessa", "Lahteen", "Puhelimen", "Ylen", "YLE:ltä", "7-Elevenissä");
    }

    @Test
    void acronymsAndNumbersInflectAfterAColon() {
        assertThat(found("HSL:n, HSL:ään, hsl:llä, HSL's, HSL-kortti"))
                .containsExactly("hsl:HSL:n", "hsl:HSL:ään", "hsl:hsl:llä", "hsl:HSL's", "hsl:HSL");
        assertThat(found("HSLP ja HSLn")).isEmpty();
        assertThat(found("Studio 54:ssä, studio54, Studio 545, Studio 5"))
                .containsExactly("s54:Studio 54:ssä", "s54:studio54");
        assertThat(found("kello 10:30")).isEmpty();
    }

    @Test
    void multiWordNamesAsHashtagsConcatenatedOrHyphenated() {
        assertThat(found("#kahvilaaroma #KahvilaAroma kahvila-aroma Kahvila  Aromassa"))
                .containsExactly(
                        "aroma:kahvilaaroma", "aroma:KahvilaAroma", "aroma:kahvila-aroma", "aroma:Kahvila  Aromassa");
        // punctuation between the words breaks the name; the second word alone still names Aroma here
        assertThat(found("Kahvila, Aroma")).containsExactly("aroma:Aroma");
        assertThat(found("Verkkokauppa.comista ja Verkkokauppa.com:n"))
                .containsExactly("vk:Verkkokauppa.comista", "vk:Verkkokauppa.com:n");
    }

    @Test
    void theLongestMatchOfARuleWins() {
        List<Match> matches = MATCHER.match("Kahvila Aromassa");
        assertThat(matches).containsExactly(new Match("aroma", 0, 16, "Kahvila Aroma"));
    }

    @Test
    void offsetsAreIndicesIntoTheOriginalTextPastEmojiAndCombiningMarks() {
        String text = "👩‍🍳☕ Kahvila Aromassa 😍 ja Aroman";
        List<Match> matches = MATCHER.match(text);
        assertThat(matches).hasSize(2);
        assertThat(text.substring(matches.get(0).start(), matches.get(0).end())).isEqualTo("Kahvila Aromassa");
        assertThat(matches.get(0).start()).isEqualTo(text.indexOf("Kahvila"));
        assertThat(text.substring(matches.get(1).start(), matches.get(1).end())).isEqualTo("Aroman");

        KeywordMatcher makela =
                KeywordMatcher.of(List.of(new KeywordRule("makela", List.of("Autokoulu Mäkelä"), List.of())));
        String decomposed = "Ajoin 🚗 Autokoulu Ma\u0308kela\u0308ssa\u0308 eilen";
        List<Match> m = makela.match(decomposed);
        assertThat(m).hasSize(1);
        assertThat(decomposed.substring(m.get(0).start(), m.get(0).end()))
                .isEqualTo("Autokoulu Ma\u0308kela\u0308ssa\u0308");
        // a soft hyphen inside the word does not split it
        String soft = "Aromasta\u00ADhan";
        assertThat(MATCHER.match(soft)).containsExactly(new Match("aroma", 0, soft.length(), "Aroma"));
    }

    @Test
    void diacriticsFoldOnlyWhenTheRuleAsks() {
        KeywordMatcher strict =
                KeywordMatcher.of(List.of(new KeywordRule("makela", List.of("Autokoulu Mäkelä"), List.of())));
        assertThat(strict.match("Autokoulu Makelan kurssi")).isEmpty();
        assertThat(strict.match("Autokoulu Mäkelän kurssi")).hasSize(1);
        KeywordMatcher folding = KeywordMatcher.of(List.of(new KeywordRule(
                "kivi", List.of("Lähikauppa Kivi"), List.of(), true, KeywordRule.ExcludeScope.OVERLAP)));
        assertThat(folding.match("Lahikauppa Kivessa ja LÄHIKAUPPA KIVESSÄ")).hasSize(2);
    }

    @Test
    void excludeTermsSuppressOverlappingMatchesOrTheWholeText() {
        KeywordMatcher overlap = KeywordMatcher.of(List.of(new KeywordRule(
                "nova", List.of("Nova"), List.of("Nova Scotia"), false, KeywordRule.ExcludeScope.OVERLAP)));
        assertThat(overlap.match("Nova Scotiaan ja Novan uutiset"))
                .extracting(Match::start)
                .containsExactly(17);
        KeywordMatcher text = KeywordMatcher.of(List.of(new KeywordRule(
                "nova", List.of("Nova"), List.of("Nova Scotia"), false, KeywordRule.ExcludeScope.TEXT)));
        assertThat(text.match("Nova Scotiaan ja Novan uutiset")).isEmpty();
        assertThat(text.match("Novan uutiset")).hasSize(1);
    }

    @Test
    void severalRulesInOneTextInOrder() {
        assertThat(found("Leipomo Virtaselle ja sitten Hotelli Rantaan, sieltä Mokadeskiin"))
                .containsExactly("virtanen:Leipomo Virtaselle", "ranta:Hotelli Rantaan", "mokadesk:Mokadeskiin");
    }

    @Test
    void badRulesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> KeywordMatcher.of(List.of(new KeywordRule("x", List.of("!!"), List.of()))))
                .hasMessageContaining("rule x");
        assertThatThrownBy(() -> KeywordMatcher.of(List.of(
                        new KeywordRule("x", List.of("a"), List.of()), new KeywordRule("x", List.of("b"), List.of()))))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new KeywordRule("x", List.of(), List.of())).hasMessageContaining("at least one term");
        assertThat(MATCHER.match("")).isEmpty();
    }
}
