package fi.mokadesk.listening;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * A text prepared for matching: lower-cased, with combining marks composed onto their letter ("a" +
 * U+0308 becomes "ä") and soft hyphens dropped, in two parallel views (as written, and with
 * diacritics folded), plus the word tokens. Each prepared character remembers the range of original
 * characters it came from, so a match maps back to exact {@code String} indices of the original.
 */
final class TextView {
    static final byte OTHER = 0;
    static final byte WORD = 1;
    static final byte SPACE = 2;

    private static final char[] FOLD = new char[0x250];

    static {
        for (char c = 0; c < FOLD.length; c++) {
            String d = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            char base = d.charAt(0);
            FOLD[c] = d.length() > 1 && base < 0x80 && Character.isLetter(base) ? base : c;
        }
        FOLD['ø'] = 'o';
        FOLD['Ø'] = 'O';
        FOLD['đ'] = 'd';
        FOLD['ł'] = 'l';
    }

    final char[] lower;
    final char[] folded;
    final byte[] kind;
    final int[] origStart;
    final int[] origEnd;
    int length;
    int[] tokStart = new int[16];
    int[] tokEnd = new int[16];
    int tokens;

    private TextView(int capacity) {
        lower = new char[capacity];
        folded = new char[capacity];
        kind = new byte[capacity];
        origStart = new int[capacity];
        origEnd = new int[capacity];
    }

    static char fold(char c) {
        return c < FOLD.length ? FOLD[c] : c;
    }

    static TextView of(String text) {
        TextView v = new TextView(text.length());
        int n = 0;
        int len = text.length();
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(i + 1));
                int lowerCp = Character.toLowerCase(cp);
                if (Character.charCount(lowerCp) != 2) {
                    lowerCp = cp;
                }
                byte k = Character.isLetterOrDigit(cp) ? WORD : OTHER;
                v.put(n++, Character.highSurrogate(lowerCp), k, i, i + 1);
                v.put(n++, Character.lowSurrogate(lowerCp), k, i + 1, i + 2);
                i++;
                continue;
            }
            int type = Character.getType(c);
            boolean mark = type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            if ((mark || isIgnorable(c)) && n > 0 && v.kind[n - 1] == WORD) {
                // a combining mark or soft hyphen belongs to the letter before it: it never splits a word
                if (mark) {
                    String composed =
                            Normalizer.normalize(new String(new char[] {v.lower[n - 1], c}), Normalizer.Form.NFC);
                    if (composed.length() == 1) {
                        v.lower[n - 1] = composed.charAt(0);
                        v.folded[n - 1] = fold(composed.charAt(0));
                    }
                }
                v.origEnd[n - 1] = i + 1;
                continue;
            }
            if (Character.isLetterOrDigit(c)) {
                v.put(n++, Character.toLowerCase(c), WORD, i, i + 1);
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B') {
                v.put(n++, ' ', SPACE, i, i + 1);
            } else if (c == '\u2019' || c == '\u02BC' || c == '\u2018' || c == '`' || c == '\u00B4') {
                v.put(n++, '\'', OTHER, i, i + 1);
            } else if (c == '\u2010' || c == '\u2011') {
                v.put(n++, '-', OTHER, i, i + 1);
            } else {
                v.put(n++, c, OTHER, i, i + 1);
            }
        }
        v.length = n;
        v.tokenize();
        return v;
    }

    private static boolean isIgnorable(char c) {
        return c == '\u00AD' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF';
    }

    private void put(int at, char c, byte k, int start, int end) {
        lower[at] = c;
        folded[at] = k == WORD ? fold(c) : c;
        kind[at] = k;
        origStart[at] = start;
        origEnd[at] = end;
    }

    /**
     * Words are runs of letters and digits; an apostrophe or colon inside them is kept when a letter
     * follows, because that is how Finnish inflects acronyms and foreign names ("HSL:n", "Aroma's").
     */
    private void tokenize() {
        int i = 0;
        while (i < length) {
            if (kind[i] != WORD) {
                i++;
                continue;
            }
            int start = i;
            while (i < length) {
                if (kind[i] == WORD) {
                    i++;
                } else if ((lower[i] == ':' || lower[i] == '\'')
                        && i + 1 < length
                        && kind[i + 1] == WORD
                        && Character.isLetter(lower[i + 1])) {
                    i++;
                } else {
                    break;
                }
            }
            if (tokens == tokStart.length) {
                tokStart = Arrays.copyOf(tokStart, tokens * 2);
                tokEnd = Arrays.copyOf(tokEnd, tokens * 2);
            }
            tokStart[tokens] = start;
            tokEnd[tokens] = i;
            tokens++;
        }
    }

    char[] chars(boolean foldDiacritics) {
        return foldDiacritics ? folded : lower;
    }

    String token(int t, boolean foldDiacritics) {
        return new String(chars(foldDiacritics), tokStart[t], tokEnd[t] - tokStart[t]);
    }

    /** Whether the characters between two neighbouring words join them into one name: spaces, or one "-" or "_". */
    boolean joins(int leftToken, int rightToken) {
        int from = tokEnd[leftToken];
        int to = tokStart[rightToken];
        if (to - from == 1 && (lower[from] == '-' || lower[from] == '_')) {
            return true;
        }
        for (int i = from; i < to; i++) {
            if (kind[i] != SPACE) {
                return false;
            }
        }
        return to > from;
    }
}
