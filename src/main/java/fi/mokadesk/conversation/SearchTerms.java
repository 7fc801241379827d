package fi.mokadesk.conversation;

import fi.mokadesk.kernel.InvalidInput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns what a person types into the search box into the stems the inbox looks for, so that a search finds
 * what a Finnish speaker means. Each word becomes one or more stems; a conversation matches when its text
 * contains, for every word, at least one of that word's stems anywhere (so inside compounds too).
 *
 * <ul>
 *   <li>Inflection: "paketti" becomes "paket" (paketin, paketissa, kahvipaketti), "myöhässä" becomes
 *       "myöh" (myöhään, myöhästyi), "hyvityksen" becomes "hyvity" like "hyvitys".
 *   <li>Nouns made from verbs: "tilaus" also looks for the verb's stem "tilaa" (tilaamani, tilaan), "hyvitys"
 *       for "hyvit" (hyvittää, hyvitetään).
 *   <li>Prefixes and compound parts: a stem is found anywhere in a word, so "kahvi" finds "kahvipaketti"
 *       and "paketti" finds it too.
 * </ul>
 *
 * Words shorter than three letters carry too little to search by and are left out; the text is compared
 * lower-case, so case never matters.
 */
final class SearchTerms {

    /** More words than this add nothing but work; the rest of the query is ignored. */
    static final int MAX_WORDS = 6;

    private static final int MIN_STEM = 3;

    // Case endings, longest first; one is removed when at least four letters remain.
    private static final String[] CASE_ENDINGS = {
        "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "tta", "ttä", "ni", "si", "en", "in",
        "an", "än", "a", "ä", "n", "t"
    };

    private SearchTerms() {}

    /**
     * One entry per word: the word's stems joined by '|' (letters and digits only). Throws {@link InvalidInput}
     * when no word has three letters or digits.
     */
    static List<String> of(String query) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String text = query.toLowerCase(Locale.ROOT) + " ";
        for (int i = 0; i < text.length() && words.size() < MAX_WORDS; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(c);
            } else if (!word.isEmpty()) {
                if (word.length() >= MIN_STEM) words.add(String.join("|", withoutImplied(stems(word.toString()))));
                word.setLength(0);
            }
        }
        if (words.isEmpty()) throw new InvalidInput("q", "give at least one word of three or more letters");
        return words;
    }

    /** The stems of one lower-case word, most specific first. */
    static Set<String> stems(String word) {
        Set<String> stems = new LinkedHashSet<>();
        if (word.length() <= 4 || !Character.isLetter(word.charAt(word.length() - 1))) {
            stems.add(word);
            return stems;
        }
        // Adjectives in -nen keep -i- before their endings: rikkinäinen, rikkinäisen, rikkinäisenä → rikkinäi
        if (word.endsWith("nen") && word.length() >= 6) {
            stems.add(word.substring(0, word.length() - 3));
            return stems;
        }
        String s = withoutCaseEnding(word);
        // The inflected stem of -us/-ys nouns: tilaukse(n), hyvityks(en) → tilaus, hyvitys
        if (s.endsWith("kse")) s = s.substring(0, s.length() - 3) + "s";
        else if (s.endsWith("ks") && s.length() > 4) s = s.substring(0, s.length() - 2) + "s";
        if ((s.endsWith("us") || s.endsWith("ys")) && s.length() >= 5) {
            stems.add(s.substring(0, s.length() - 1)); // tilau(s, ksen), hyvity(s, ksen)
            String verb = s.substring(0, s.length() - 2);
            char before = verb.charAt(verb.length() - 1);
            if (before == 'a' || before == 'ä') {
                stems.add(verb + before); // tilaus → tilaa(mani); the verb doubles the vowel
            } else if (verb.length() >= 5) {
                stems.add(verb); // hyvitys → hyvit(tää), toimitus → toimit(ettiin)
            }
            return stems;
        }
        if (s.endsWith("ise") && s.length() >= 6) s = s.substring(0, s.length() - 2); // rikkinäise(nä) → rikkinäi
        else if (s.endsWith("is") && s.length() >= 6) s = s.substring(0, s.length() - 1); // rikkinäis(tä) → rikkinäi
        stems.add(weakStem(s));
        return stems;
    }

    /**
     * Leaves out a stem that contains another stem of the same word: a text holding "hyvity" holds "hyvit",
     * so "hyvit" alone finds the same conversations, and every stem left out is one index scan fewer
     * (hyvitys → hyvit, not hyvity|hyvit).
     */
    static List<String> withoutImplied(Set<String> stems) {
        List<String> kept = new ArrayList<>();
        for (String stem : stems) {
            boolean implied = false;
            for (String other : stems) implied |= !other.equals(stem) && stem.contains(other);
            if (!implied) kept.add(stem);
        }
        return kept;
    }

    private static String withoutCaseEnding(String word) {
        for (String ending : CASE_ENDINGS) {
            if (word.endsWith(ending) && word.length() - ending.length() >= 4) {
                return word.substring(0, word.length() - ending.length());
            }
        }
        return word;
    }

    /**
     * Drops a final vowel and a doubled consonant before it, so both grades of consonant gradation match:
     * paketti → paket (paketin), kahvi → kahv (kahvia, kahveja).
     */
    private static String weakStem(String s) {
        String stem = s;
        if (stem.length() > 4 && isVowel(stem.charAt(stem.length() - 1))) stem = stem.substring(0, stem.length() - 1);
        int n = stem.length();
        if (n > 4 && stem.charAt(n - 1) == stem.charAt(n - 2) && !isVowel(stem.charAt(n - 1))) {
            stem = stem.substring(0, n - 1);
        }
        return stem;
    }

    private static boolean isVowel(char c) {
        return "aeiouyäöå".indexOf(c) >= 0;
    }
}
