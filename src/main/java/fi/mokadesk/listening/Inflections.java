package fi.mokadesk.listening;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The closed sets of endings a name may carry in Finnish and English, and the stems a name takes them
 * on. A word matches a name when it is one of the name's stems followed by exactly one of these endings:
 * case ending, then possessive suffix, then clitic ("Aroma|sta|-|han", "Mokadeski|lle", "Virtase|n|-|kin").
 * Anything else after the stem is a compound or another word ("aroma|terapia", "aroma|attinen") and
 * is refused. Both vowel-harmony variants are accepted for every name, because foreign names and
 * acronyms are inflected either way and people write both.
 */
final class Inflections {
    private static final List<String> CASES = List.of(
            "",
            "n",
            "a",
            "ä",
            "ta",
            "tä",
            "ssa",
            "ssä",
            "sta",
            "stä",
            "lla",
            "llä",
            "lta",
            "ltä",
            "lle",
            "na",
            "nä",
            "ksi",
            "kse",
            "tta",
            "ttä",
            "ine",
            "t",
            // illative: the stem vowel lengthened plus n, or h-vowel-n, or -seen/-siin after a long vowel
            "an",
            "en",
            "in",
            "on",
            "un",
            "yn",
            "än",
            "ön",
            "han",
            "hen",
            "hin",
            "hon",
            "hun",
            "hyn",
            "hän",
            "hön",
            "seen",
            "siin");
    private static final List<String> POSSESSIVES =
            List.of("", "ni", "si", "mme", "nne", "nsa", "nsä", "an", "än", "en");
    private static final List<String> CLITICS = List.of(
            "", "kin", "kaan", "kään", "han", "hän", "pa", "pä", "ko", "kö", "s", "kohan", "köhän", "pahan", "pähän",
            "kos", "kös");
    private static final List<String> ENGLISH = List.of("'s", "'", "s", "es");

    /** Every ending a vowel stem may take. */
    static final Set<String> FULL = new HashSet<>();
    /** The partitive after a consonant stem ("Virtas|ta", "Lumous|ta"). */
    static final Set<String> PARTITIVE = new HashSet<>();
    /** A name that does not inflect without a colon (acronyms, numbers): nothing, or an English ending. */
    static final Set<String> BARE = new HashSet<>();

    static {
        for (String c : CASES) {
            for (String p : POSSESSIVES) {
                if (!lengthensCaseVowel(p, c)) {
                    continue;
                }
                for (String k : CLITICS) {
                    FULL.add(c + p + k);
                }
            }
        }
        for (String c : List.of("ta", "tä")) {
            for (String p : POSSESSIVES) {
                for (String k : CLITICS) {
                    PARTITIVE.add(c + p + k);
                }
            }
        }
        FULL.addAll(ENGLISH);
        BARE.add("");
        BARE.addAll(ENGLISH);
    }

    private Inflections() {}

    /**
     * The third-person possessive written as a long vowel + n ("Aromassaan", "Aromalleen") follows only
     * a case ending that ends in that vowel; elsewhere "-inen", "-aan" would let derivations through
     * ("Mäkeläinen").
     */
    private static boolean lengthensCaseVowel(String possessive, String caseEnding) {
        if (possessive.length() != 2 || possessive.charAt(1) != 'n') {
            return true;
        }
        return !caseEnding.isEmpty() && caseEnding.charAt(caseEnding.length() - 1) == possessive.charAt(0);
    }

    /**
     * The stems of a name's last word and the endings each takes.
     *
     * @param word the word lower-cased (and folded if the rule folds)
     * @param written the word as the rule writes it, to recognise acronyms ("HSL")
     */
    static Map<String, Set<String>> stems(String word, String written) {
        Map<String, Set<String>> stems = new LinkedHashMap<>();
        char last = word.charAt(word.length() - 1);
        boolean acronym = written.length() <= 5
                && written.length() >= 2
                && written.equals(written.toUpperCase())
                && !written.equals(written.toLowerCase());
        if (Character.isDigit(last) || (acronym && !isVowel(last))) {
            // "HSL:n", "Tili24:ssä": Finnish writes these endings after a colon, which the colon rule covers
            stems.put(word, BARE);
            return stems;
        }
        stems.put(word, FULL);
        if (word.endsWith("nen") && word.length() > 4) {
            // Virtanen → Virtasen, Virtaselle, Virtasta
            String base = word.substring(0, word.length() - 3);
            putIfNew(stems, base + "se", FULL);
            putIfNew(stems, base + "s", PARTITIVE);
            return stems;
        }
        if (isVowel(last)) {
            if (last != 'e') {
                // consonant gradation in the last syllable: Kuppi → Kupissa, Ranta → Rannassa
                putIfNew(stems, weaken(word), FULL);
            }
            if (last == 'i' && word.length() > 2) {
                // old i-words take an e-stem: Kivi → Kivessä, Lahti → Lahdessa
                String e = word.substring(0, word.length() - 1) + "e";
                putIfNew(stems, e, FULL);
                putIfNew(stems, weaken(e), FULL);
            }
            if (last == 'e') {
                // kone → koneen, koneessa
                putIfNew(stems, word + "e", FULL);
            }
        } else {
            // foreign names ending in a consonant take a linking i (Mokadeskin), Finnish ones often e
            putIfNew(stems, word + "i", FULL);
            putIfNew(stems, word + "e", FULL);
            int n = word.length();
            if (last == 's' && n > 2 && isVowel(word.charAt(n - 2))) {
                // Lumous → Lumouksen; Oras → Oraan
                String base = word.substring(0, n - 1);
                putIfNew(stems, base + "kse", FULL);
                putIfNew(stems, base + word.charAt(n - 2), FULL);
            } else if (word.endsWith("in") && n > 3) {
                // Puhelin → Puhelimen
                putIfNew(stems, word.substring(0, n - 1) + "me", FULL);
            }
        }
        return stems;
    }

    private static void putIfNew(Map<String, Set<String>> stems, String stem, Set<String> endings) {
        if (stem != null) {
            stems.putIfAbsent(stem, endings);
        }
    }

    private static final String[][] GRADATION = {
        {"kk", "k"},
        {"pp", "p"},
        {"tt", "t"},
        {"nk", "ng"},
        {"mp", "mm"},
        {"nt", "nn"},
        {"lt", "ll"},
        {"rt", "rr"},
        {"ht", "hd"},
        {"lk", "l"},
        {"rk", "r"},
        {"lp", "lv"},
        {"rp", "rv"}
    };

    /** The weak grade of a stem ending in consonant(s) + vowel, or null when it has none. */
    static String weaken(String stem) {
        int n = stem.length();
        if (n < 3 || !isVowel(stem.charAt(n - 1))) {
            return null;
        }
        String body = stem.substring(0, n - 1);
        char vowel = stem.charAt(n - 1);
        for (String[] g : GRADATION) {
            if (body.endsWith(g[0])) {
                return body.substring(0, body.length() - 2) + g[1] + vowel;
            }
        }
        char c = body.charAt(body.length() - 1);
        if (body.length() >= 2 && isVowel(body.charAt(body.length() - 2))) {
            if (c == 't') {
                return body.substring(0, body.length() - 1) + "d" + vowel;
            }
            if (c == 'p') {
                return body.substring(0, body.length() - 1) + "v" + vowel;
            }
            if (c == 'k' && body.length() >= 2) {
                return body.substring(0, body.length() - 1) + vowel;
            }
        }
        return null;
    }

    /** After a colon: an ending, optionally after the vowel(s) the acronym is pronounced with ("HSL:ään"). */
    static boolean colonEnding(String rest) {
        if (rest.isEmpty()) {
            return false;
        }
        if (FULL.contains(rest)) {
            return true;
        }
        return isVowel(rest.charAt(0)) && FULL.contains(rest.substring(1));
    }

    static boolean isVowel(char c) {
        return switch (c) {
            case 'a', 'e', 'i', 'o', 'u', 'y', 'ä', 'ö', 'å' -> true;
            default -> false;
        };
    }
}
