package fi.mokadesk.analysis.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.lucene.analysis.fi.FinnishLightStemmer;

/**
 * Word valence list (AFINN scale, -5…+5) keyed by the hash of the lower-cased word; Finnish entries
 * are also keyed by their light stem so that inflected forms are found. Open addressing, no boxing.
 */
public final class Lexicon {
    private final long[] keys;
    private final byte[] scores;
    private final int mask;
    private int count;

    private Lexicon(int capacity) {
        int cap = Integer.highestOneBit(Math.max(16, capacity * 3)) << 1;
        keys = new long[cap];
        scores = new byte[cap];
        mask = cap - 1;
    }

    public static Lexicon empty() {
        return new Lexicon(16);
    }

    /** Reads {@code word<TAB>score} lines; multi-word entries are skipped. */
    public static Lexicon read(InputStream in) throws IOException {
        java.util.List<String> words = new java.util.ArrayList<>();
        java.util.List<Integer> vals = new java.util.ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int tab = line.lastIndexOf('\t');
                if (tab <= 0) {
                    continue;
                }
                String w = line.substring(0, tab).trim().toLowerCase(Locale.ROOT);
                if (w.isEmpty() || w.indexOf(' ') >= 0) {
                    continue;
                }
                try {
                    vals.add(Integer.parseInt(line.substring(tab + 1).trim()));
                    words.add(w);
                } catch (NumberFormatException e) {
                    // header or comment line
                }
            }
        }
        Lexicon lex = new Lexicon(words.size() * 2);
        FinnishLightStemmer stemmer = new FinnishLightStemmer();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            int s = vals.get(i);
            lex.put(Featurizer.hashWord(w), s, true);
            if (w.length() >= 4) {
                char[] c = w.toCharArray();
                int sl = stemmer.stem(c, c.length);
                lex.put(Featurizer.hashChars(c, 0, sl), s, false);
            }
        }
        return lex;
    }

    private void put(long key, int score, boolean overwrite) {
        if (key == 0) {
            key = 1;
        }
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == key && !overwrite) {
            return;
        }
        if (keys[i] == 0) {
            count++;
        }
        keys[i] = key;
        scores[i] = (byte) Math.max(-5, Math.min(5, score));
    }

    /** Valence of the word with this hash, 0 when unknown. */
    public int score(long key) {
        if (key == 0) {
            key = 1;
        }
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return scores[i];
            }
            if (k == 0) {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    public int size() {
        return count;
    }
}
