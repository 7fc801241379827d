package fi.mokadesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.kernel.InvalidInput;
import org.junit.jupiter.api.Test;

/** The stems a query word becomes are found in the forms a Finnish speaker means by it. */
class SearchTermsTest {

    @Test
    void everyStemOfAWordIsInTheFormsItShouldFind() {
        assertFinds("kahvi", "kahvipaketti", "kahvia", "kahveja");
        assertFinds("paketti", "paketin", "kahvipaketti", "paketissa");
        assertFinds("tilaus", "tilaamani", "tilauksen", "tilaukseni");
        assertFinds("hyvitys", "hyvityksen", "hyvittää", "hyvitämme");
        assertFinds("hyvityksen", "hyvitys");
        assertFinds("rikkinäinen", "rikkinäisenä", "rikkinäisestä", "rikkinäinen");
        assertFinds("rikkinäisestä", "rikkinäinen");
        assertFinds("myöhässä", "myöhään", "myöhästyi");
        assertFinds("toimitus", "toimituksesta", "toimitettiin");
    }

    @Test
    void aStemThatContainsAnotherStemOfTheSameWordIsLeftOutAsItFindsNothingMore() {
        assertThat(SearchTerms.stems("hyvitys")).containsExactly("hyvity", "hyvit");
        assertThat(SearchTerms.of("hyvitys")).containsExactly("hyvit");
        assertThat(SearchTerms.of("tilaus")).containsExactly("tilau|tilaa");
        assertThat(SearchTerms.of("kahvi paketti hyvitys")).containsExactly("kahv", "paket", "hyvit");
    }

    @Test
    void shortWordsAreLeftOutAndAQueryOfOnlyThoseIsRefused() {
        assertThat(SearchTerms.of("ei KAHVI on")).containsExactly("kahv");
        assertThatThrownBy(() -> SearchTerms.of("a ö ei")).isInstanceOf(InvalidInput.class);
        assertThat(SearchTerms.of("yksi kaksi kolme neljä viisi kuusi seitsemän"))
                .hasSize(SearchTerms.MAX_WORDS);
    }

    private static void assertFinds(String query, String... forms) {
        String stems = SearchTerms.of(query).get(0);
        for (String form : forms) {
            boolean found = false;
            for (String stem : stems.split("\\|")) found |= form.contains(stem);
            assertThat(found).as("%s (stems %s) finds %s", query, stems, form).isTrue();
        }
    }
}
