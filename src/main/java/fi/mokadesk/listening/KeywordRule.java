package fi.mokadesk.listening;

import java.util.List;

/**
 * A keyword rule: the terms that name a brand and the terms that must not count as it.
 *
 * @param id the rule's name in matches
 * @param terms one or more words each, written in their basic form ("Kahvila Aroma", "Mokadesk", "HSL")
 * @param exclude terms whose matches suppress the rule's matches ("aromaterapia", "Nova Scotia")
 * @param foldDiacritics when true, "Lahikauppa" also matches "Lähikauppa" (ä→a, ö→o, å→a, é→e …);
 *     false by default because in Finnish "Mäkelä" and "Makela" are different names
 * @param excludeScope where an exclude match suppresses: only matches it overlaps (default) or every
 *     match of the rule in the text
 */
public record KeywordRule(
        String id, List<String> terms, List<String> exclude, boolean foldDiacritics, ExcludeScope excludeScope) {

    /** Where an exclude term takes effect. */
    public enum ExcludeScope {
        /** An exclude match suppresses the rule's matches that overlap it. */
        OVERLAP,
        /** An exclude match anywhere in the text suppresses every match of the rule in that text. */
        TEXT
    }

    public KeywordRule {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a rule needs an id");
        }
        if (terms == null || terms.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + " needs at least one term");
        }
        terms = List.copyOf(terms);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        excludeScope = excludeScope == null ? ExcludeScope.OVERLAP : excludeScope;
    }

    public KeywordRule(String id, List<String> terms, List<String> exclude) {
        this(id, terms, exclude, false, ExcludeScope.OVERLAP);
    }
}
