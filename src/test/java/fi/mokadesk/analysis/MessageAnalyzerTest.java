package fi.mokadesk.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MessageAnalyzerTest {
    private static MessageAnalyzer analyzer;
    private static long loadMillis;

    @BeforeAll
    static void load() {
        long t0 = System.nanoTime();
        analyzer = MessageAnalyzer.loadDefault();
        loadMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void bundledModelsLoadQuicklyAndCarryAVersion() {
        assertThat(analyzer.modelVersion()).startsWith("mokadesk-analysis-");
        assertThat(loadMillis).isLessThan(4000);
    }

    @Test
    void angryFinnishComplaintIsNegative() {
        Analysis a = analyzer.analyze(
                "Tämä on aivan järkyttävää! Tilasin kolme viikkoa sitten eikä pakettia ole vieläkään tullut, eikä kukaan vastaa sähköposteihin. Olen todella vihainen.");
        assertThat(a.language()).isEqualTo("fi");
        assertThat(a.sentiment()).isEqualTo("negative");
        assertThat(a.abusive()).isFalse();
    }

    @Test
    void thanksArePositivePraise() {
        Analysis a = analyzer.analyze("kiitos, olitte tosi avuliaita!");
        assertThat(a.language()).isEqualTo("fi");
        assertThat(a.sentiment()).isEqualTo("positive");
        assertThat(a.category()).isEqualTo("praise");
    }

    @Test
    void swearingInAComplaintIsNotAbusive() {
        Analysis fi = analyzer.analyze("vitun huono palvelu, missä mun paketti");
        assertThat(fi.abusive()).isFalse();
        assertThat(fi.sentiment()).isEqualTo("negative");
        Analysis en = analyzer.analyze("this is fucking ridiculous, where is my order");
        assertThat(en.abusive()).isFalse();
        assertThat(en.language()).isEqualTo("en");
    }

    @Test
    void threatsAndSlursAreAbusive() {
        assertThat(analyzer.analyze("Jos en saa rahojani takaisin, tulen myymälään ja tapan sen myyjän.")
                        .abusive())
                .isTrue();
        assertThat(analyzer.analyze("Senkin saatanan mutiainen, painu takaisin omaan maahasi")
                        .abusive())
                .isTrue();
    }

    @Test
    void swedishIsRecognised() {
        assertThat(analyzer.analyze("Hej, jag har fortfarande inte fått mitt paket, var är det?")
                        .language())
                .isEqualTo("sv");
    }

    @Test
    void englishAndOtherLanguages() {
        assertThat(analyzer.analyze("Hello, I was charged twice for my order").language())
                .isEqualTo("en");
        assertThat(analyzer.analyze("12345 !!! ???").language()).isEqualTo("other");
    }

    @Test
    void urgencyCuesAndExplanation() {
        Analysis a = analyzer.analyze(
                "Jos rahoja ei palauteta tänään, vien asian kuluttajariitalautakuntaan ja peruutan tilauksen.");
        assertThat(a.urgency().level()).isEqualTo("high");
        assertThat(a.urgency().cues()).contains("tänään", "kuluttajariitalautakuntaan", "peruutan");
        assertThat(a.explanation()).containsKeys("sentiment", "category");
        assertThat(analyzer.analyze("Kiitos, kaikki hyvin").urgency().level()).isEqualTo("none");
        assertThat(analyzer.analyze("Ei kiire, mutta milloin uusi mallisto tulee?")
                        .urgency()
                        .level())
                .isEqualTo("none");
        assertThat(analyzer.analyze("I need a refund today or I'm calling my lawyer")
                        .urgency()
                        .cues())
                .contains("refund", "today", "lawyer");
    }

    @Test
    void scoresAreProbabilities() {
        Analysis a = analyzer.analyze("The delivery was late again");
        double sum = a.sentimentScores().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(a.toxicity()).containsOnlyKeys(MessageAnalyzer.TOXICITY_LABELS);
        assertThat(a.toxicity().values()).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
    }

    @Test
    void batchKeepsOrder() {
        List<Analysis> r = analyzer.analyzeAll(List.of("kiitos!", "where is my parcel?", ""));
        assertThat(r).hasSize(3);
        assertThat(r.get(1).language()).isEqualTo("en");
        assertThat(r.get(2).language()).isEqualTo("other");
    }

    @Test
    void decomposedLettersAreTreatedLikeComposedOnes() {
        String composed = "Tämä on täysin järkyttävää palvelua";
        String decomposed = java.text.Normalizer.normalize(composed, java.text.Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo(composed);
        assertThat(analyzer.analyze(decomposed)).isEqualTo(analyzer.analyze(composed));
    }

    @Test
    void textWithTooLittleSignalSaysSoInsteadOfGuessing() {
        for (String text : List.of("123", "!!!", "12345 !!! ???")) {
            Analysis a = analyzer.analyze(text);
            assertThat(a.lowSignal()).as(text).isTrue();
            assertThat(a.category()).as(text).isNull();
            assertThat(a.urgency().level()).as(text).isEqualTo("none");
            assertThat(a.sentiment()).as(text).isEqualTo("neutral");
        }
        assertThat(analyzer.analyze("Paketti on viikon myöhässä, missä se on?").lowSignal())
                .isFalse();
    }

    @Test
    void urgencyRestsOnCuesItCanShow() {
        for (String text : List.of(
                "Pelkkä teksti ilman lähettäjää",
                "Tapan sinut, senkin idiootti",
                "Niin voi kai sanoa.",
                "Allekirjoittakaa tämä.")) {
            Analysis a = analyzer.analyze(text);
            assertThat(a.urgency().level().equals("none"))
                    .as(text)
                    .isEqualTo(a.urgency().cues().isEmpty());
        }
        assertThat(analyzer.analyze("Tapan sinut, senkin idiootti").urgency().level())
                .isEqualTo("none");
    }

    @Test
    void everydayLinesAreNeutral() {
        for (String text : List.of(
                "Niin voi kai sanoa.",
                "Paljonko sinulla on?",
                "Mihin aikaan olette auki lauantaina?",
                "What time do you open on Sunday?",
                "Hej, har ni den i storlek 38?")) {
            assertThat(analyzer.analyze(text).sentiment()).as(text).isEqualTo("neutral");
        }
    }

    @Test
    void sarcasmSwedishComplaintsAndNostalgiaAreNegative() {
        for (String text : List.of(
                "Loistavaa palvelua 👏👏",
                "Mycket dålig service!",
                "vetinen kahvi, ennen oli parempaa",
                "Great job losing my parcel again 👏👏")) {
            assertThat(analyzer.analyze(text).sentiment()).as(text).isEqualTo("negative");
        }
    }
}
