package fi.mokadesk.listening;

/**
 * One mention found by a rule: {@code start} and {@code end} are Java {@code String} indices into the
 * original text (end exclusive), so {@code text.substring(start, end)} is what the person wrote, for
 * example "Kahvila Aromassa"; {@code term} is the rule's term as the rule spells it.
 */
public record Match(String rule, int start, int end, String term) {}
