package fi.mokadesk.listening;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the mentions of a set of keyword rules in a text, the way a Finnish reader would: inflected
 * ("Kahvila Aromassa", "Mokadeskille", "Leipomo Virtaselta", "HSL:n"), with possessive and clitic
 * endings ("Aromastahan"), as hashtags or written together ("#KahvilaAroma"), in any letter case,
 * and never inside a longer unrelated word ("aromaterapia", "aromaattinen"). Immutable and safe to
 * share between threads.
 *
 * <p>Each word of the text is looked up once in an index keyed by its first (up to) three letters, so
 * the cost per text grows with its length, not with the number of rules.
 */
public final class KeywordMatcher {
    private static final int KEY_LENGTH = 3;

    private final List<KeywordRule> rules;
    private final Index plain;
    private final Index folded;

    private KeywordMatcher(List<KeywordRule> rules) {
        this.rules = List.copyOf(rules);
        Set<String> ids = new HashSet<>();
        Map<Long, List<CompiledTerm>> plainTerms = new HashMap<>();
        Map<Long, List<CompiledTerm>> foldedTerms = new HashMap<>();
        for (int r = 0; r < this.rules.size(); r++) {
            KeywordRule rule = this.rules.get(r);
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("rule id " + rule.id() + " appears twice");
            }
            Map<Long, List<CompiledTerm>> target = rule.foldDiacritics() ? foldedTerms : plainTerms;
            for (String term : rule.terms()) {
                add(target, compile(r, rule, term, false));
            }
            for (String term : rule.exclude()) {
                add(target, compile(r, rule, term, true));
            }
        }
        plain = new Index(plainTerms);
        folded = new Index(foldedTerms);
    }

    /**
     * @throws IllegalArgumentException naming the rule and term when a term has no letters or digits,
     *     or two rules share an id
     */
    public static KeywordMatcher of(List<KeywordRule> rules) {
        return new KeywordMatcher(rules);
    }

    public List<KeywordRule> rules() {
        return rules;
    }

    private static CompiledTerm compile(int r, KeywordRule rule, String term, boolean exclude) {
        if (term == null || term.isBlank()) {
            throw new IllegalArgumentException("rule " + rule.id() + " has an empty term");
        }
        try {
            return new CompiledTerm(r, exclude, rule.foldDiacritics(), term);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule " + rule.id() + ": " + e.getMessage(), e);
        }
    }

    private static void add(Map<Long, List<CompiledTerm>> index, CompiledTerm term) {
        String prefix = term.fixedPrefix();
        int len = Math.min(KEY_LENGTH, prefix.length());
        index.computeIfAbsent(key(prefix.toCharArray(), 0, len), k -> new ArrayList<>())
                .add(term);
    }

    static long key(char[] buf, int at, int len) {
        long k = len;
        for (int i = 0; i < len; i++) {
            k = (k << 16) | buf[at + i];
        }
        return k;
    }

    /** The mentions in a text, ordered by position; overlapping matches of one rule keep the longest. */
    public List<Match> match(String text) {
        if (text == null || text.isEmpty() || (plain.isEmpty() && folded.isEmpty())) {
            return List.of();
        }
        TextView v = TextView.of(text);
        List<Hit> hits = null;
        for (int t = 0; t < v.tokens; t++) {
            hits = plain.scan(v, t, false, hits);
            hits = folded.scan(v, t, true, hits);
        }
        if (hits == null) {
            return List.of();
        }
        return resolve(v, hits);
    }

    private record Hit(CompiledTerm term, int start, int end) {
        boolean overlaps(Hit o) {
            return start < o.end && o.start < end;
        }
    }

    private List<Match> resolve(TextView v, List<Hit> hits) {
        hits.sort(Comparator.comparingInt((Hit h) -> h.term.rule)
                .thenComparingInt(Hit::start)
                .thenComparingInt(h -> -(h.end - h.start)));
        List<Hit> kept = new ArrayList<>();
        int i = 0;
        while (i < hits.size()) {
            int rule = hits.get(i).term.rule;
            int j = i;
            while (j < hits.size() && hits.get(j).term.rule == rule) {
                j++;
            }
            List<Hit> ruleHits = hits.subList(i, j);
            List<Hit> excludes = ruleHits.stream().filter(h -> h.term.exclude).toList();
            boolean suppressAll =
                    !excludes.isEmpty() && rules.get(rule).excludeScope() == KeywordRule.ExcludeScope.TEXT;
            if (!suppressAll) {
                int firstKept = kept.size();
                for (Hit h : ruleHits) {
                    if (h.term.exclude || excludes.stream().anyMatch(h::overlaps)) {
                        continue;
                    }
                    boolean overlapsKept = false;
                    for (int k = firstKept; k < kept.size() && !overlapsKept; k++) {
                        overlapsKept = kept.get(k).overlaps(h);
                    }
                    if (!overlapsKept) {
                        kept.add(h);
                    }
                }
            }
            i = j;
        }
        kept.sort(Comparator.comparingInt(Hit::start).thenComparingInt(h -> h.term.rule));
        List<Match> out = new ArrayList<>(kept.size());
        for (Hit h : kept) {
            out.add(new Match(rules.get(h.term.rule).id(), v.origStart[h.start], v.origEnd[h.end - 1], h.term.written));
        }
        return out;
    }

    /** Terms keyed by the first one to three letters every spelling of the term starts with. */
    private static final class Index {
        private final long[] keys;
        private final CompiledTerm[][] values;
        private final int mask;
        /** Bit n set when some key is n characters long. */
        private final int lengths;

        Index(Map<Long, List<CompiledTerm>> terms) {
            int capacity = Integer.highestOneBit(Math.max(4, terms.size() * 3)) * 2;
            keys = new long[capacity];
            values = new CompiledTerm[capacity][];
            mask = capacity - 1;
            for (Map.Entry<Long, List<CompiledTerm>> e : terms.entrySet()) {
                long k = e.getKey();
                int slot = slot(k);
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = k;
                values[slot] = e.getValue().toArray(new CompiledTerm[0]);
            }
            int l = 0;
            for (long k : terms.keySet()) {
                l |= 1 << lengthOf(k);
            }
            lengths = terms.isEmpty() ? 0 : l;
        }

        private static int lengthOf(long k) {
            // the length is the top bits above the characters; try 3, 2, 1
            for (int len = KEY_LENGTH; len >= 1; len--) {
                if (k >>> (16 * len) == len) {
                    return len;
                }
            }
            return 0;
        }

        boolean isEmpty() {
            return lengths == 0;
        }

        private int slot(long k) {
            long h = k * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 40) & mask;
        }

        private CompiledTerm[] get(long k) {
            int slot = slot(k);
            while (keys[slot] != 0) {
                if (keys[slot] == k) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            return null;
        }

        List<Hit> scan(TextView v, int t, boolean fold, List<Hit> hits) {
            if (lengths == 0) {
                return hits;
            }
            char[] buf = v.chars(fold);
            int s = v.tokStart[t];
            int tokenLength = v.tokEnd[t] - s;
            for (int len = 1; len <= KEY_LENGTH && len <= tokenLength; len++) {
                if ((lengths & (1 << len)) == 0) {
                    continue;
                }
                CompiledTerm[] candidates = get(key(buf, s, len));
                if (candidates == null) {
                    continue;
                }
                for (CompiledTerm term : candidates) {
                    int end = term.matchAt(v, t);
                    if (end > 0) {
                        if (hits == null) {
                            hits = new ArrayList<>();
                        }
                        hits.add(new Hit(term, s, end));
                    }
                }
            }
            return hits;
        }
    }

    @Override
    public String toString() {
        return "KeywordMatcher"
                + Arrays.toString(rules.stream().map(KeywordRule::id).toArray());
    }
}
