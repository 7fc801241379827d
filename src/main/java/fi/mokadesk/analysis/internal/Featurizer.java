package fi.mokadesk.analysis.internal;

/**
 * Turns a message into a sparse vector of hashed features: lower-cased words, Finnish light stems,
 * word bigrams within a clause, words in the scope of a negation, character 3–5-grams across word
 * boundaries (punctuation and emoji included), emoji, sentiment-lexicon sums with negation, words
 * from the abuse list (slurs, threats, strong insults) and a few shape cues (exclamation marks,
 * question marks, shouting, length).
 *
 * <p>The same code builds the training examples and scores messages in production, so the two can
 * never drift apart. Not thread-safe on a shared {@link FeatureBuffer}; the featurizer itself is
 * stateless apart from its read-only lexicon.
 */
public final class Featurizer {
    /** Changes whenever the feature definition changes; stored in model files. */
    public static final int SCHEMA = 3;

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
    private static final long FAM_NEGATED = 0x7000;

    /** How many words after "ei", "not", "inte" count as negated. */
    static final int NEGATION_SCOPE = 3;

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
    private final int fSpacedPunctuation;
    private final int fMention;
    private final int fHashtag;
    private final int fLink;
    private final int[] fLength = new int[6];

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
        fSpacedPunctuation = special("spaced-punctuation");
        fMention = special("mention");
        fHashtag = special("hashtag");
        fLink = special("link");
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
        int negScope = 0;
        int caps = 0;
        int abuseMask = 0;
        for (int t = 0; t < nTok; t++) {
            int start = buf.tokStart[t];
            int end = buf.tokEnd[t];
            int kind = buf.tokKind[t];
            long wh = hashChars(chars, start, end);
            if (buf.tokBreak[t]) {
                negScope = 0;
                havePrev = false;
            }
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
            if (len >= 4) {
                char[] s = buf.stemScratch(len);
                System.arraycopy(chars, start, s, 0, len);
                int sl = buf.stemmer.stem(s, len);
                sh = hashChars(s, 0, sl);
            }
            buf.add(bucket(FAM_STEM, sh), 1f, t);
            boolean negated = negScope > 0;
            if (negated) {
                // "ei ollut hyvä", "not very good": words in a negation's scope also count as negated words
                buf.add(bucket(FAM_NEGATED, sh), 1f, t);
                negScope--;
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
            if (isNegator(wh)) {
                negScope = NEGATION_SCOPE;
            }
        }
        characterNgrams(buf);
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
        // writing habits: "word ." (machine-tokenised text), @mentions, #hashtags and links (social media)
        if (buf.spacedPunctuation > 0) {
            buf.add(fSpacedPunctuation, 1f, -1);
        }
        if (buf.mentions > 0) {
            buf.add(fMention, 1f, -1);
        }
        if (buf.hashtags > 0) {
            buf.add(fHashtag, 1f, -1);
        }
        if (buf.links > 0) {
            buf.add(fLink, 1f, -1);
        }
        int words = buf.wordCount;
        int lb = words == 0 ? 5 : words <= 3 ? 0 : words <= 8 ? 1 : words <= 20 ? 2 : words <= 50 ? 3 : 4;
        buf.add(fLength[lb], 1f, -1);
    }

    /**
     * Character 3- to 5-grams over the whole message as one stream (lower-cased, digits as 0,
     * whitespace collapsed, punctuation and emoji kept), so they cross word boundaries: "ei ol",
     * "n't b", "t ." and "👏👏" are features. Each belongs to the word under its middle character.
     */
    private void characterNgrams(FeatureBuffer buf) {
        char[] s = buf.stream;
        int[] owner = buf.streamTok;
        int len = buf.streamLength;
        for (int n = MIN_NGRAM; n <= MAX_NGRAM; n++) {
            long fam = FAM_CHAR + n;
            for (int i = 0; i + n <= len; i++) {
                buf.add(bucket(fam, hashChars(s, i, i + n)), 1f, owner[i + n / 2]);
            }
        }
    }

    private boolean isNegator(long wh) {
        for (long h : negatorHashes) {
            if (h == wh) {
                return true;
            }
        }
        return false;
    }

    /**
     * Splits into lower-cased tokens (digits become '0', emoji are tokens of their own) and builds the
     * character stream for the n-grams.
     */
    private static void tokenize(CharSequence text, FeatureBuffer buf) {
        int len = Math.min(text.length(), MAX_CHARS);
        buf.ensureChars(len + 1);
        char[] out = buf.chars;
        int o = 0;
        int tokStart = -1;
        boolean allUpper = true;
        int letters = 0;
        boolean pendingBreak = false;
        buf.streamChar(' ', -1);
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (tokStart < 0) {
                    tokStart = o;
                    allUpper = true;
                    letters = 0;
                }
                char lc;
                if (Character.isDigit(c)) {
                    lc = '0';
                } else {
                    letters++;
                    if (!Character.isUpperCase(c)) {
                        allUpper = false;
                    }
                    lc = Character.toLowerCase(c);
                }
                out[o++] = lc;
                buf.streamChar(lc, buf.tokenCount);
                continue;
            }
            if (tokStart >= 0) {
                buf.addToken(tokStart, o, FeatureBuffer.KIND_WORD, allUpper && letters >= 3, pendingBreak);
                pendingBreak = false;
                tokStart = -1;
            }
            int owner = buf.tokenCount - 1;
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                if (buf.stream[buf.streamLength - 1] != ' ') {
                    buf.streamChar(' ', owner);
                }
                continue;
            }
            if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') {
                pendingBreak = true;
                if (i > 0 && text.charAt(i - 1) == ' ' && buf.tokenCount > 0) {
                    buf.spacedPunctuation++;
                }
            } else if (c == '@') {
                buf.mentions++;
            } else if (c == '#') {
                buf.hashtags++;
            } else if (c == '/' && i > 0 && text.charAt(i - 1) == '/' && i > 1 && text.charAt(i - 2) == ':') {
                buf.links++;
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
            }
            if (Character.isHighSurrogate(c) && i + 1 < len) {
                char low = text.charAt(i + 1);
                int cp = Character.toCodePoint(c, low);
                i++;
                if (Character.getType(cp) == Character.OTHER_SYMBOL) {
                    int s = o;
                    out[o++] = c;
                    out[o++] = low;
                    int t = buf.tokenCount;
                    buf.addToken(s, o, FeatureBuffer.KIND_EMOJI, false, false);
                    buf.streamChar(c, t);
                    buf.streamChar(low, t);
                }
                continue;
            }
            if (Character.getType(c) == Character.OTHER_SYMBOL) {
                int s = o;
                out[o++] = c;
                int t = buf.tokenCount;
                buf.addToken(s, o, FeatureBuffer.KIND_EMOJI, false, false);
                buf.streamChar(c, t);
                continue;
            }
            buf.streamChar(c, owner);
        }
        if (tokStart >= 0) {
            buf.addToken(tokStart, o, FeatureBuffer.KIND_WORD, allUpper && letters >= 3, pendingBreak);
        }
        if (buf.stream[buf.streamLength - 1] != ' ') {
            buf.streamChar(' ', buf.tokenCount - 1);
        }
        // spaces and punctuation before the first word belong to it
        int first = buf.tokenCount > 0 ? 0 : -1;
        for (int i = 0; i < buf.streamLength && buf.streamTok[i] < 0; i++) {
            buf.streamTok[i] = first;
        }
    }
}
