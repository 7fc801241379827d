package fi.mokadesk.analysis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeaturizerTest {
    private final Featurizer featurizer = new Featurizer(18, Lexicon.empty());

    private Set<Integer> buckets(String text) {
        FeatureBuffer buf = new FeatureBuffer();
        featurizer.featurize(text, buf);
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < buf.size(); i++) {
            if (buf.token(i) >= 0) {
                s.add(buf.bucket(i));
            }
        }
        return s;
    }

    @Test
    void tokensAreLowerCasedAndDigitsNormalised() {
        FeatureBuffer buf = new FeatureBuffer();
        featurizer.featurize("Tilaus 448120 EI tullut!!", buf);
        assertThat(buf.tokenCount()).isEqualTo(4);
        assertThat(buf.tokenText(0)).isEqualTo("tilaus");
        assertThat(buf.tokenText(1)).isEqualTo("000000");
        assertThat(buf.tokenText(2)).isEqualTo("ei");
    }

    @Test
    void inflectedFinnishFormsShareTheirStemFeature() {
        // "paketti" / "paketissa" / "paketin": the light stemmer maps them to one stem
        Set<Integer> a = buckets("paketti");
        Set<Integer> b = buckets("paketissa");
        Set<Integer> c = buckets("paketin");
        Set<Integer> ab = new HashSet<>(a);
        ab.retainAll(b);
        Set<Integer> ac = new HashSet<>(a);
        ac.retainAll(c);
        // shared: the stem feature plus the leading character n-grams " pa", " pak", " pake", "pak", ...
        assertThat(ab).hasSizeGreaterThanOrEqualTo(5);
        assertThat(ac).hasSizeGreaterThanOrEqualTo(5);
        assertThat(buckets("kissa")).doesNotContainAnyElementsOf(ab);
    }

    @Test
    void characterNgramsOfLengthThreeToFivePerWord() {
        FeatureBuffer buf = new FeatureBuffer();
        featurizer.featurize("abcd", buf);
        // padded " abcd " (6 chars): 4 trigrams + 3 four-grams + 2 five-grams,
        // plus word, stem and the length feature; no bigram for one word
        assertThat(buf.size()).isEqualTo(9 + 2 + 1);
    }

    @Test
    void wordBigramsAreAdded() {
        FeatureBuffer one = new FeatureBuffer();
        featurizer.featurize("huono palvelu", one);
        Set<Integer> both = buckets("huono palvelu");
        Set<Integer> separate = buckets("huono");
        separate.addAll(buckets("palvelu"));
        both.removeAll(separate);
        assertThat(both).isNotEmpty();
    }

    @Test
    void featurizingIsDeterministicAndScaleIndependentOfBufferReuse() {
        FeatureBuffer buf = new FeatureBuffer();
        featurizer.featurize("a much longer message that grows the buffer a lot ".repeat(40), buf);
        featurizer.featurize("kiitos avusta", buf);
        FeatureBuffer fresh = new FeatureBuffer();
        featurizer.featurize("kiitos avusta", fresh);
        assertThat(buf.size()).isEqualTo(fresh.size());
        for (int i = 0; i < buf.size(); i++) {
            assertThat(buf.bucket(i)).isEqualTo(fresh.bucket(i));
            assertThat(buf.value(i)).isEqualTo(fresh.value(i));
        }
    }

    @Test
    void emojiBecomeTokensAndEmptyTextWorks() {
        FeatureBuffer buf = new FeatureBuffer();
        featurizer.featurize("kiitos 😀", buf);
        assertThat(buf.tokenCount()).isEqualTo(2);
        featurizer.featurize("", buf);
        assertThat(buf.tokenCount()).isZero();
        assertThat(buf.size()).isEqualTo(1); // only the length feature
    }

    @Test
    void lexiconMatchesInflectedFormsAndNegation() throws IOException {
        Lexicon lex = Lexicon.read(new ByteArrayInputStream("hyvä\t3\nhuono\t-3\n".getBytes(StandardCharsets.UTF_8)));
        Featurizer f = new Featurizer(18, lex);
        assertThat(lex.score(Featurizer.hashWord("hyvä"))).isEqualTo(3);
        FeatureBuffer pos = new FeatureBuffer();
        f.featurize("hyvä", pos);
        FeatureBuffer neg = new FeatureBuffer();
        f.featurize("ei hyvä", neg);
        // "ei hyvä" flips the valence: both messages get exactly one lexicon feature, but different ones
        Set<Integer> p = new HashSet<>();
        for (int i = 0; i < pos.size(); i++) {
            if (pos.token(i) < 0) {
                p.add(pos.bucket(i));
            }
        }
        Set<Integer> n = new HashSet<>();
        for (int i = 0; i < neg.size(); i++) {
            if (neg.token(i) < 0) {
                n.add(neg.bucket(i));
            }
        }
        assertThat(p).hasSize(2); // lexicon-positive + length
        assertThat(n).hasSize(2);
        assertThat(p).isNotEqualTo(n);
    }

    @Test
    void abuseWordsAddAMessageLevelFeatureAlsoForInflectedForms() throws IOException {
        Lexicon abuse =
                Lexicon.read(new ByteArrayInputStream("idiootti\t3\nkill\t2\n".getBytes(StandardCharsets.UTF_8)));
        Featurizer f = new Featurizer(18, Lexicon.empty(), abuse);
        assertThat(messageLevel(f, "olet idiootti")).hasSize(2); // abuse word + length
        assertThat(messageLevel(f, "te idiootit")).hasSize(2);
        assertThat(messageLevel(f, "I will kill you")).hasSize(2);
        assertThat(messageLevel(f, "paketti on myöhässä")).hasSize(1);
    }

    private static Set<Integer> messageLevel(Featurizer f, String text) {
        FeatureBuffer buf = new FeatureBuffer();
        f.featurize(text, buf);
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < buf.size(); i++) {
            if (buf.token(i) < 0) {
                s.add(buf.bucket(i));
            }
        }
        return s;
    }

    @Test
    void characterNgramsCrossWordBoundariesAndKeepPunctuation() {
        FeatureBuffer buf = new FeatureBuffer();
        // stream " ab cd " (7 chars): 5 + 4 + 3 n-grams, 2 words, 2 stems, 1 bigram, length
        featurizer.featurize("ab cd", buf);
        assertThat(buf.size()).isEqualTo(12 + 5 + 1);
        // " ab. cd " (8 chars): 6 + 5 + 4 n-grams, no bigram across the full stop
        featurizer.featurize("ab. cd", buf);
        assertThat(buf.size()).isEqualTo(15 + 4 + 1);
        assertThat(buckets("ab cd")).isNotEqualTo(buckets("ab. cd"));
    }

    @Test
    void wordsInANegationsScopeGetANegatedFeatureUntilTheClauseEnds() {
        FeatureBuffer buf = new FeatureBuffer();
        // "ei ab": ei (word, stem), ab (word, stem, bigram, negated), 12 n-grams of " ei ab ", length
        featurizer.featurize("ei ab", buf);
        assertThat(buf.size()).isEqualTo(2 + 4 + 12 + 1);
        // "ei. ab": the full stop ends the negation and the bigram; 15 n-grams of " ei. ab "
        featurizer.featurize("ei. ab", buf);
        assertThat(buf.size()).isEqualTo(2 + 2 + 15 + 1);
        // the scope is three words: "ei a b c d" negates a, b and c but not d
        featurizer.featurize("ei a b c d", buf);
        int n = buf.size();
        featurizer.featurize("xx a b c d", buf);
        assertThat(n - buf.size()).isEqualTo(3);
    }
}
