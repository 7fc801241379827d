package fi.mokadesk.analysis.internal;

import java.util.Arrays;
import org.apache.lucene.analysis.fi.FinnishLightStemmer;

/**
 * Reusable scratch space for one thread: the normalised characters, the tokens and the sparse
 * feature vector (bucket, value, token it came from) of the last featurized message.
 */
public final class FeatureBuffer {
    static final byte KIND_WORD = 0;
    static final byte KIND_EMOJI = 1;

    char[] chars = new char[256];
    int[] tokStart = new int[64];
    int[] tokEnd = new int[64];
    byte[] tokKind = new byte[64];
    boolean[] tokUpper = new boolean[64];
    /** Whether a clause break (. , ; : ! ?) stands between token t-1 and token t. */
    boolean[] tokBreak = new boolean[64];
    /** The message as one lower-cased character stream (whitespace collapsed) for character n-grams. */
    char[] stream = new char[256];
    /** Token each stream character belongs to (the previous token for spaces and punctuation). */
    int[] streamTok = new int[256];

    int streamLength;
    int tokenCount;
    int wordCount;
    int exclamations;
    int questions;
    int emoticonPos;
    int emoticonNeg;
    int spacedPunctuation;
    int mentions;
    int hashtags;
    int links;

    int[] idx = new int[1024];
    float[] val = new float[1024];
    int[] tok = new int[1024];
    int size;
    /** The first {@code textCount} features are word-level ones, all with value {@code textScale}. */
    int textCount;

    float textScale;
    int[] acc = new int[32];

    final FinnishLightStemmer stemmer = new FinnishLightStemmer();
    private char[] stem = new char[64];

    void reset() {
        tokenCount = 0;
        wordCount = 0;
        exclamations = 0;
        questions = 0;
        emoticonPos = 0;
        emoticonNeg = 0;
        spacedPunctuation = 0;
        mentions = 0;
        hashtags = 0;
        links = 0;
        size = 0;
        streamLength = 0;
        textCount = 0;
        textScale = 0f;
    }

    void ensureChars(int n) {
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        if (stream.length < n + 2) {
            stream = new char[Math.max(n + 2, stream.length * 2)];
            streamTok = new int[stream.length];
        }
    }

    char[] stemScratch(int n) {
        if (stem.length < n) {
            stem = new char[n * 2];
        }
        return stem;
    }

    void addToken(int start, int end, byte kind, boolean upper, boolean breakBefore) {
        if (tokenCount == tokStart.length) {
            int n = tokenCount * 2;
            tokStart = Arrays.copyOf(tokStart, n);
            tokEnd = Arrays.copyOf(tokEnd, n);
            tokKind = Arrays.copyOf(tokKind, n);
            tokUpper = Arrays.copyOf(tokUpper, n);
            tokBreak = Arrays.copyOf(tokBreak, n);
        }
        tokStart[tokenCount] = start;
        tokEnd[tokenCount] = end;
        tokKind[tokenCount] = kind;
        tokUpper[tokenCount] = upper;
        tokBreak[tokenCount] = breakBefore;
        tokenCount++;
        if (kind == KIND_WORD) {
            wordCount++;
        }
    }

    void add(int bucket, float value, int token) {
        if (size == idx.length) {
            int n = size * 2;
            idx = Arrays.copyOf(idx, n);
            val = Arrays.copyOf(val, n);
            tok = Arrays.copyOf(tok, n);
        }
        idx[size] = bucket;
        val[size] = value;
        tok[size] = token;
        size++;
    }

    void streamChar(char c, int token) {
        stream[streamLength] = c;
        streamTok[streamLength] = token;
        streamLength++;
    }

    /** Number of feature occurrences (a bucket may occur more than once). */
    public int size() {
        return size;
    }

    public int bucket(int i) {
        return idx[i];
    }

    public float value(int i) {
        return val[i];
    }

    /** Index of the token a feature came from, or -1 for message-level features. */
    public int token(int i) {
        return tok[i];
    }

    /** Whether the message holds an emoji or an emoticon such as ":)" or ":(". */
    public boolean hasEmojiOrEmoticon() {
        if (emoticonPos + emoticonNeg > 0) {
            return true;
        }
        for (int t = 0; t < tokenCount; t++) {
            if (tokKind[t] == KIND_EMOJI) {
                return true;
            }
        }
        return false;
    }

    public int tokenCount() {
        return tokenCount;
    }

    public int letterTokenCount() {
        int n = 0;
        for (int t = 0; t < tokenCount; t++) {
            if (tokKind[t] == KIND_WORD) {
                for (int i = tokStart[t]; i < tokEnd[t]; i++) {
                    if (Character.isLetter(chars[i])) {
                        n++;
                        break;
                    }
                }
            }
        }
        return n;
    }

    /** The normalised (lower-cased) text of token {@code t}. */
    public String tokenText(int t) {
        return new String(chars, tokStart[t], tokEnd[t] - tokStart[t]);
    }

    /** Token {@code t} hashed the way the lexicon and cue lists are keyed. */
    public long tokenHash(int t) {
        return Featurizer.hashChars(chars, tokStart[t], tokEnd[t]);
    }

    /** Stem of token {@code t}, hashed; equals {@link #tokenHash} for short tokens. */
    public boolean tokenStartsWith(int t, String prefix) {
        int len = tokEnd[t] - tokStart[t];
        if (len < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (chars[tokStart[t] + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
