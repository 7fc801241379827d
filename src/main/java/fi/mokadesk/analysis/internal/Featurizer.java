package fi.mokadesk.analysis.internal;

/**
 * Turns a message into a sparse vector of hashed features: lower-cased words, Finnish light stems,
 * word bigrams, character 3–5-grams inside word boundaries, emoji, sentiment-lexicon sums, words
 * from the abuse list (slurs, threats, strong insults) and a few shape cues (exclamation marks,
 * question marks, shouting, length).
 *
 * <p>The same code builds the training examples and scores messages in production, so the two can
 * never drift apart. Not thread-safe on a shared {@link FeatureBuffer}; the featurizer itself is
 * stateless apart from its read-only lexicon.
 */
public final class Featurizer {
    /** Changes whenever the feature definition changes; stored in model files. */
    public static final int SCHEMA = 2;

    static final int MAX_CHARS = 1500;
    static final int MIN_NGRAM = 3;
    static final int MAX_NGRAM = 5;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private static final long FAM_WORD = 0x1000;
    private static final long FAM_STEM = 0x2000;
    private static final long FAM_BIGRAM = 0x3000;
    private static final long FAM_CHAR = 0x4000;
    private static final long FAM_EMOJI = 0x5000;
    private static final long FAM_SPECIAL = 0x6000;

    private final int bits;
    private final int mask;
    private final Lexicon lexicon;
    private final Lexicon abuseWords;
    private final int[] fAbuse = new int[4];

    private final int fLexPos;
    private final int fLexNeg;
    private final int fLexStrongPos;
    private final int fLexStrongNeg;
    private final int fExcl;
    private final int fExclMany;
    private final int fQuestion;
    private final int fCaps;
    private final int fEmoPos;
    private final int fEmoNeg;
    private final int[] fLength = new int[5];

    private static final String[] NEGATORS = {
        "not", "no", "never", "t", "nothing", "ei", "en", "et", "emme", "ette", "eivät", "eikä", "inte", "aldrig",
        "ingen"
    };
    private final long[] negatorHashes;

    public Featurizer(int bits, Lexicon lexicon) {
        this(bits, lexicon, Lexicon.empty());
    }

    /**
     * @param lexicon valence list (AFINN scale)
     * @param abuseWords words that mark abuse: 1 = slur, 2 = violent threat, 3 = strong insult
     */
    public Featurizer(int bits, Lexicon lexicon, Lexicon abuseWords) {
        if (bits < 10 || bits > 24) {
            throw new IllegalArgumentException("hash bits out of range: " + bits);
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
        this.lexicon = lexicon;
        this.abuseWords = abuseWords;
        for (int i = 1; i < fAbuse.length; i++) {
            fAbuse[i] = special("abuse-word-" + i);
        }
        fLexPos = special("lexicon-positive");
        fLexNeg = special("lexicon-negative");
        fLexStrongPos = special("lexicon-strong-positive");
        fLexStrongNeg = special("lexicon-strong-negative");
        fExcl = special("exclamation");
        fExclMany = special("exclamation-many");
        fQuestion = special("question-mark");
        fCaps = special("shouting");
        fEmoPos = special("emoticon-positive");
        fEmoNeg = special("emoticon-negative");
        for (int i = 0; i < fLength.length; i++) {
            fLength[i] = special("length-" + i);
        }
        negatorHashes = new long[NEGATORS.length];
        for (int i = 0; i < NEGATORS.length; i++) {
            negatorHashes[i] = hashWord(NEGATORS[i]);
        }
    }

    public int bits() {
        return bits;
    }

    public int dimension() {
        return 1 << bits;
    }

    public Lexicon lexicon() {
        return lexicon;
    }

    /** Hash of a normalised word, as used for lexicon look-ups. */
    public static long hashWord(CharSequence word) {
        long h = FNV_OFFSET;
        for (int i = 0; i < word.length(); i++) {
            h = (h ^ word.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    static long hashChars(char[] c, int from, int to) {
        long h = FNV_OFFSET;
        for (int i = from; i < to; i++) {
            h = (h ^ c[i]) * FNV_PRIME;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private int bucket(long family, long h) {
        return (int) (mix(h + family * 0x9E3779B97F4A7C15L) >>> (64 - bits)) & mask;
    }

    private int special(String name) {
        return bucket(FAM_SPECIAL, hashWord(name));
    }

    /** Featurizes {@code text} into {@code buf}, replacing its previous content. */
    public void featurize(CharSequence text, FeatureBuffer buf) {
        buf.reset();
        tokenize(text, buf);
        int nTok = buf.tokenCount;
        char[] chars = buf.chars;
        long prevWord = 0;
        boolean havePrev = false;
        float lexPos = 0;
        float lexNeg = 0;
        boolean strongPos = false;
        boolean strongNeg = false;
        boolean negated = false;
        int caps = 0;
        int abuseMask = 0;
        for (int t = 0; t < nTok; t++) {
            int start = buf.tokStart[t];
            int end = buf.tokEnd[t];
            int kind = buf.tokKind[t];
            long wh = hashChars(chars, start, end);
            if (kind == FeatureBuffer.KIND_EMOJI) {
                buf.add(bucket(FAM_EMOJI, wh), 1f, t);
                havePrev = false;
                continue;
            }
            buf.add(bucket(FAM_WORD, wh), 1f, t);
            if (havePrev) {
                buf.add(bucket(FAM_BIGRAM, prevWord * 31 + wh), 1f, t);
            }
            prevWord = wh;
            havePrev = true;
            if (buf.tokUpper[t]) {
                caps++;
            }
            // stem (Finnish light stemmer; harmless on other languages)
            int len = end - start;
            long sh = wh;
            if (kind == FeatureBuffer.KIND_WORD && len >= 4) {
                char[] s = buf.stemScratch(len);
                System.arraycopy(chars, start, s, 0, len);
                int sl = buf.stemmer.stem(s, len);
                sh = hashChars(s, 0, sl);
            }
            buf.add(bucket(FAM_STEM, sh), 1f, t);
            // character n-grams over " token "
            if (kind == FeatureBuffer.KIND_WORD) {
                char[] p = buf.padScratch(len + 2);
                p[0] = ' ';
                System.arraycopy(chars, start, p, 1, len);
                p[len + 1] = ' ';
                int plen = len + 2;
                for (int n = MIN_NGRAM; n <= MAX_NGRAM; n++) {
                    if (n > plen) {
                        break;
                    }
                    long fam = FAM_CHAR + n;
                    for (int i = 0; i + n <= plen; i++) {
                        buf.add(bucket(fam, hashChars(p, i, i + n)), 1f, t);
                    }
                }
            }
            int abuse = abuseWords.score(wh);
            if (abuse == 0 && sh != wh) {
                abuse = abuseWords.score(sh);
            }
            if (abuse > 0 && abuse < fAbuse.length) {
                abuseMask |= 1 << abuse;
            }
            // lexicon
            int score = lexicon == null ? 0 : lexicon.score(wh);
            if (score == 0 && lexicon != null && sh != wh) {
                score = lexicon.score(sh);
            }
            if (score != 0) {
                if (negated) {
                    score = -score;
                }
                if (score > 0) {
                    lexPos += score;
                    strongPos |= score >= 4;
                } else {
                    lexNeg -= score;
                    strongNeg |= score <= -4;
                }
            }
            negated = isNegator(wh);
        }
        // scale the text features so that long and short messages live on a comparable scale
        int n = buf.size;
        if (n > 0) {
            float scale = (float) (1.0 / Math.sqrt(n));
            float[] v = buf.val;
            for (int i = 0; i < n; i++) {
                v[i] *= scale;
            }
            buf.textScale = scale;
        }
        buf.textCount = n;
        if (lexPos > 0) {
            buf.add(fLexPos, Math.min(lexPos, 10f) / 5f, -1);
        }
        if (lexNeg > 0) {
            buf.add(fLexNeg, Math.min(lexNeg, 10f) / 5f, -1);
        }
        if (strongPos) {
            buf.add(fLexStrongPos, 1f, -1);
        }
        if (strongNeg) {
            buf.add(fLexStrongNeg, 1f, -1);
        }
        for (int i = 1; i < fAbuse.length; i++) {
            if ((abuseMask & (1 << i)) != 0) {
                buf.add(fAbuse[i], 1f, -1);
            }
        }
        if (buf.exclamations > 0) {
            buf.add(buf.exclamations >= 3 ? fExclMany : fExcl, 1f, -1);
        }
        if (buf.questions > 0) {
            buf.add(fQuestion, 1f, -1);
        }
        if (caps > 0) {
            buf.add(fCaps, Math.min(caps, 3) / 3f, -1);
        }
        if (buf.emoticonPos > 0) {
            buf.add(fEmoPos, 1f, -1);
        }
        if (buf.emoticonNeg > 0) {
            buf.add(fEmoNeg, 1f, -1);
        }
        int words = buf.wordCount;
        int lb = words <= 3 ? 0 : words <= 8 ? 1 : words <= 20 ? 2 : words <= 50 ? 3 : 4;
        buf.add(fLength[lb], 1f, -1);
    }

    private boolean isNegator(long wh) {
        for (long h : negatorHashes) {
            if (h == wh) {
                return true;
            }
        }
        return false;
    }

    /** Splits into lower-cased tokens; digits become '0'; emoji become tokens of their own. */
    private static void tokenize(CharSequence text, FeatureBuffer buf) {
        int len = Math.min(text.length(), MAX_CHARS);
        buf.ensureChars(len + 1);
        char[] out = buf.chars;
        int o = 0;
        int tokStart = -1;
        boolean allUpper = true;
        int letters = 0;
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (tokStart < 0) {
                    tokStart = o;
                    allUpper = true;
                    letters = 0;
                }
                if (Character.isDigit(c)) {
                    out[o++] = '0';
                } else {
                    letters++;
                    if (!Character.isUpperCase(c)) {
                        allUpper = false;
                    }
                    out[o++] = Character.toLowerCase(c);
                }
                continue;
            }
            if (tokStart >= 0) {
                buf.addToken(tokStart, o, FeatureBuffer.KIND_WORD, allUpper && letters >= 3);
                tokStart = -1;
            }
            if (c == '!') {
                buf.exclamations++;
            } else if (c == '?') {
                buf.questions++;
            } else if ((c == ':' || c == ';' || c == '=') && i + 1 < len) {
                int j = i + 1;
                if (text.charAt(j) == '-' && j + 1 < len) {
                    j++;
                }
                char e = text.charAt(j);
                if (e == ')' || e == 'D' || e == ']' || e == 'P' || e == 'p') {
                    buf.emoticonPos++;
                } else if (e == '(' || e == '[' || e == '/') {
                    buf.emoticonNeg++;
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < len) {
                int cp = Character.toCodePoint(c, text.charAt(i + 1));
                int type = Character.getType(cp);
                if (type == Character.OTHER_SYMBOL) {
                    int s = o;
                    out[o++] = c;
                    out[o++] = text.charAt(i + 1);
                    buf.addToken(s, o, FeatureBuffer.KIND_EMOJI, false);
                }
                i++;
            } else if (Character.getType(c) == Character.OTHER_SYMBOL) {
                int s = o;
                out[o++] = c;
                buf.addToken(s, o, FeatureBuffer.KIND_EMOJI, false);
            }
        }
        if (tokStart >= 0) {
            buf.addToken(tokStart, o, FeatureBuffer.KIND_WORD, allUpper && letters >= 3);
        }
    }
}
