package fi.mokadesk.reply;

import java.util.Locale;
import java.util.Set;

/** Finnish or English? Enough to pick the templates and the language of a suggestion. */
final class Language {

    private static final Set<String> FINNISH = Set.of(
            "ja",
            "on",
            "ei",
            "että",
            "kiitos",
            "hei",
            "moi",
            "olen",
            "oli",
            "se",
            "tämä",
            "mutta",
            "kun",
            "niin",
            "minä",
            "te",
            "teidän",
            "meidän",
            "pahoittelut",
            "tilaus",
            "tilaukseni",
            "miksi",
            "vielä",
            "nyt");
    private static final Set<String> ENGLISH = Set.of(
            "the", "and", "is", "not", "thanks", "thank", "you", "my", "your", "was", "this", "but", "hi", "hello",
            "why", "order", "please", "we", "i", "it", "to", "of");

    private Language() {}

    /** "fi" or "en"; Finnish when it cannot tell (the desk is Finnish first). */
    static String guess(String text) {
        if (text == null || text.isBlank()) return "fi";
        int fi = 0;
        int en = 0;
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            if (FINNISH.contains(word)) fi++;
            if (ENGLISH.contains(word)) en++;
            if (word.indexOf('ä') >= 0 || word.indexOf('ö') >= 0) fi++;
        }
        return en > fi ? "en" : "fi";
    }
}
