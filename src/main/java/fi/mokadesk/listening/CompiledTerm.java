package fi.mokadesk.listening;

import java.util.Map;
import java.util.Set;

/**
 * One term of a rule, ready to test against the words of a text: every word but the last must be
 * written as in the term, the last may be inflected; the words may also be written together
 * ("#kahvilaaroma", "KahvilaAroma").
 */
final class CompiledTerm {
    final int rule;
    final boolean exclude;
    final boolean fold;
    final String written;
    final String[] words;
    /** Punctuation the term itself writes between words ("Verkkokauppa.com"), or "" for spaces. */
    final String[] separators;

    final String joined;
    final String[] stems;
    final Set<String>[] endings;

    @SuppressWarnings("unchecked")
    CompiledTerm(int rule, boolean exclude, boolean fold, String written) {
        this.rule = rule;
        this.exclude = exclude;
        this.fold = fold;
        this.written = written;
        TextView v = TextView.of(written);
        if (v.tokens == 0) {
            throw new IllegalArgumentException("term \"" + written + "\" has no letters or digits");
        }
        words = new String[v.tokens];
        separators = new String[v.tokens];
        StringBuilder joinedWords = new StringBuilder();
        for (int t = 0; t < v.tokens; t++) {
            words[t] = v.token(t, fold);
            if (t > 0) {
                String between = new String(v.lower, v.tokEnd[t - 1], v.tokStart[t] - v.tokEnd[t - 1]).strip();
                separators[t] = between;
            }
            if (t < v.tokens - 1) {
                joinedWords.append(words[t]);
            }
        }
        joined = joinedWords.toString();
        String last = words[words.length - 1];
        String lastWritten =
                written.substring(v.origStart[v.tokStart[v.tokens - 1]], v.origEnd[v.tokEnd[v.tokens - 1] - 1]);
        Map<String, Set<String>> s = Inflections.stems(last, lastWritten);
        stems = s.keySet().toArray(new String[0]);
        endings = s.values().toArray(new Set[0]);
    }

    /** Characters every spelling of the term starts with: the index key is taken from these. */
    String fixedPrefix() {
        if (words.length > 1) {
            return words[0];
        }
        String p = stems[0];
        for (String s : stems) {
            int i = 0;
            while (i < p.length() && i < s.length() && p.charAt(i) == s.charAt(i)) {
                i++;
            }
            p = p.substring(0, i);
        }
        return p;
    }

    /**
     * The end (prepared-text index) of this term's match starting at token {@code t}, or -1.
     */
    int matchAt(TextView v, int t) {
        char[] buf = v.chars(fold);
        int s = v.tokStart[t];
        int e = v.tokEnd[t];
        int n = words.length;
        if (n == 1) {
            return lastWordMatches(buf, s, e) ? e : -1;
        }
        // written together: "kahvilaaroma", "#KahvilaAroma", "studio54"
        if (e - s > joined.length() && regionEquals(buf, s, joined) && lastWordMatches(buf, s + joined.length(), e)) {
            return e;
        }
        if (t + n > v.tokens) {
            return -1;
        }
        for (int w = 0; w < n - 1; w++) {
            int ts = v.tokStart[t + w];
            int te = v.tokEnd[t + w];
            if (te - ts != words[w].length()
                    || !regionEquals(buf, ts, words[w])
                    || !joins(v, t + w, t + w + 1, w + 1)) {
                return -1;
            }
        }
        int lt = t + n - 1;
        return lastWordMatches(buf, v.tokStart[lt], v.tokEnd[lt]) ? v.tokEnd[lt] : -1;
    }

    private boolean joins(TextView v, int left, int right, int word) {
        if (v.joins(left, right)) {
            return true;
        }
        String sep = separators[word];
        int from = v.tokEnd[left];
        int to = v.tokStart[right];
        return !sep.isEmpty() && to - from == sep.length() && regionEquals(v.lower, from, sep);
    }

    private boolean lastWordMatches(char[] buf, int s, int e) {
        int len = e - s;
        for (int k = 0; k < stems.length; k++) {
            String stem = stems[k];
            if (len < stem.length() || !regionEquals(buf, s, stem)) {
                continue;
            }
            if (len == stem.length()) {
                if (endings[k].contains("")) {
                    return true;
                }
                continue;
            }
            String rest = new String(buf, s + stem.length(), len - stem.length());
            if (endings[k].contains(rest)) {
                return true;
            }
            if (k == 0 && rest.charAt(0) == ':' && Inflections.colonEnding(rest.substring(1))) {
                return true;
            }
        }
        return false;
    }

    static boolean regionEquals(char[] buf, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (buf[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
