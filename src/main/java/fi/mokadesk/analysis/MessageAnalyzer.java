package fi.mokadesk.analysis;

import fi.mokadesk.analysis.internal.CompactModel;
import fi.mokadesk.analysis.internal.FeatureBuffer;
import fi.mokadesk.analysis.internal.Featurizer;
import fi.mokadesk.analysis.internal.Lexicon;
import fi.mokadesk.analysis.internal.LinearTask;
import fi.mokadesk.analysis.internal.UrgencyCues;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analyses customer messages in Finnish, Swedish and English: language, sentiment, toxicity,
 * whether the message is abusive, problem category, urgency cues and the words behind each
 * decision. Thread-safe; create once (model loading takes a moment) and share.
 *
 * <pre>{@code
 * MessageAnalyzer analyzer = MessageAnalyzer.loadDefault();
 * Analysis a = analyzer.analyze("Paketti ei ole vieläkään tullut, peruutan tilauksen");
 * }</pre>
 */
public final class MessageAnalyzer {
    /** Classpath folder of the bundled models. */
    public static final String RESOURCE_DIR = "/analysis/";

    public static final String MODEL_FILE = "model.bin.gz";
    public static final String LEXICON_FILE = "lexicon.tsv";
    public static final String ABUSE_WORDS_FILE = "abuse-words.tsv";

    /** Toxicity attributes, in output order. */
    public static final List<String> TOXICITY_LABELS =
            List.of("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat");

    public static final String TASK_LANGUAGE = "language";
    public static final String TASK_SENTIMENT = "sentiment";
    public static final String TASK_CATEGORY = "category";
    public static final String TASK_ABUSIVE = "abusive";
    public static final String TOX_PREFIX = "toxicity:";

    private static final float OTHER_LANGUAGE_BELOW = 0.45f;

    private static final int EXPLAIN_TOP = 3;

    private final CompactModel model;
    private final Featurizer featurizer;
    private final UrgencyCues urgencyCues = new UrgencyCues();
    private final LinearTask language;
    private final LinearTask sentiment;
    private final LinearTask category;
    private final LinearTask abusive;
    private final LinearTask[] toxicity;
    private final int abusiveYes;
    private final LinearTask[] explained;
    private final int otherLanguage;
    private final ThreadLocal<Scratch> scratch;

    private final class Scratch {
        final FeatureBuffer buf = new FeatureBuffer();
        final float[] logits = new float[model.width()];
        final float[] probs = new float[model.width()];
    }

    MessageAnalyzer(CompactModel model, Lexicon lexicon, Lexicon abuseWords) {
        this.model = model;
        this.featurizer = new Featurizer(model.bits(), lexicon, abuseWords);
        this.language = model.task(TASK_LANGUAGE);
        this.sentiment = model.task(TASK_SENTIMENT);
        this.category = model.task(TASK_CATEGORY);
        this.abusive = model.task(TASK_ABUSIVE);
        this.toxicity = new LinearTask[TOXICITY_LABELS.size()];
        for (int i = 0; i < toxicity.length; i++) {
            toxicity[i] = model.task(TOX_PREFIX + TOXICITY_LABELS.get(i));
        }
        this.abusiveYes = abusive.indexOf("yes");
        this.explained = new LinearTask[] {sentiment, category, abusive};
        this.otherLanguage = language.indexOf("other");
        this.scratch = ThreadLocal.withInitial(Scratch::new);
    }

    /** Loads the models bundled with the application. */
    public static MessageAnalyzer loadDefault() {
        try (InputStream m = resource(MODEL_FILE);
                InputStream l = resource(LEXICON_FILE);
                InputStream a = resource(ABUSE_WORDS_FILE)) {
            return new MessageAnalyzer(CompactModel.read(m), Lexicon.read(l), Lexicon.read(a));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the bundled analysis models", e);
        }
    }

    /**
     * Loads models from a folder holding {@value #MODEL_FILE}, {@value #LEXICON_FILE} and {@value
     * #ABUSE_WORDS_FILE}.
     */
    public static MessageAnalyzer load(Path dir) throws IOException {
        try (InputStream m = Files.newInputStream(dir.resolve(MODEL_FILE));
                InputStream l = Files.newInputStream(dir.resolve(LEXICON_FILE));
                InputStream a = Files.newInputStream(dir.resolve(ABUSE_WORDS_FILE))) {
            return new MessageAnalyzer(CompactModel.read(m), Lexicon.read(l), Lexicon.read(a));
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MessageAnalyzer.class.getResourceAsStream(RESOURCE_DIR + name);
        if (in == null) {
            throw new IOException("missing resource " + RESOURCE_DIR + name);
        }
        return in;
    }

    /** Version string of the loaded models. */
    public String modelVersion() {
        return model.version();
    }

    /** Analyses one message. */
    public Analysis analyze(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text is null");
        }
        text = composed(text);
        Scratch s = scratch.get();
        FeatureBuffer buf = s.buf;
        featurizer.featurize(text, buf);
        model.score(buf, s.logits);
        for (LinearTask t : model.tasks()) {
            CompactModel.softmax(s.logits, s.probs, t);
        }
        float[] p = s.probs;

        boolean noWords = buf.letterTokenCount() == 0;
        int lang = model.decide(p, language);
        if (noWords || p[language.offset() + lang] < OTHER_LANGUAGE_BELOW) {
            lang = otherLanguage;
        }
        // nothing to read (no words, no emoji, no emoticon): neutral rather than a guess from punctuation
        int sent = noWords && !buf.hasEmojiOrEmoticon() ? sentiment.indexOf("neutral") : model.decide(p, sentiment);
        int cat = model.decide(p, category);
        // below the model's threshold (chosen by cross-validation) the message says too little to name a kind
        boolean lowSignal = noWords || p[category.offset() + cat] < model.minProbability(category);
        float abusiveP = p[abusive.offset() + abusiveYes];
        boolean isAbusive = model.decide(p, abusive) == abusiveYes;

        Map<String, Double> tox = new LinkedHashMap<>();
        for (int i = 0; i < toxicity.length; i++) {
            LinearTask t = toxicity[i];
            tox.put(TOXICITY_LABELS.get(i), round(p[t.offset() + t.indexOf("yes")]));
        }

        // urgency rests only on cue words it can show; threats are flagged as abusive instead
        UrgencyCues.Found found = urgencyCues.find(buf);

        Map<String, List<Analysis.Contribution>> explanation = explain(buf, sent, cat, isAbusive);
        if (lowSignal) {
            explanation = new LinkedHashMap<>(explanation);
            explanation.put(TASK_CATEGORY, List.of());
        }

        return new Analysis(
                language.labels().get(lang),
                scores(p, language),
                sentiment.labels().get(sent),
                scores(p, sentiment),
                Collections.unmodifiableMap(tox),
                isAbusive,
                round(abusiveP),
                lowSignal ? null : category.labels().get(cat),
                scores(p, category),
                new Analysis.Urgency(found.level(), found.cues()),
                Collections.unmodifiableMap(explanation),
                lowSignal);
    }

    /** Text with decomposed letters ("a" + combining diaeresis) composed into single characters ("ä"). */
    private static String composed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\u0300' && c <= '\u036f') {
                return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC);
            }
        }
        return text;
    }

    /** Analyses several messages; the result has the same order. */
    public List<Analysis> analyzeAll(List<String> texts) {
        List<Analysis> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(analyze(t));
        }
        return out;
    }

    /**
     * Per word, sums each feature's pull towards the chosen label (its weight minus the mean weight
     * of the task's labels) for sentiment, category and, when abusive, the abusive label.
     */
    private Map<String, List<Analysis.Contribution>> explain(FeatureBuffer buf, int sent, int cat, boolean isAbusive) {
        int nTok = buf.tokenCount();
        Map<String, List<Analysis.Contribution>> out = new LinkedHashMap<>();
        if (nTok == 0) {
            out.put(TASK_SENTIMENT, List.of());
            out.put(TASK_CATEGORY, List.of());
            return Collections.unmodifiableMap(out);
        }
        int nTasks = isAbusive ? 3 : 2;
        float[] contrib = new float[nTasks * nTok];
        model.contributions(buf, explained, new int[] {sent, cat, abusiveYes}, nTasks, contrib);
        out.put(TASK_SENTIMENT, top(buf, contrib, 0, nTok));
        out.put(TASK_CATEGORY, top(buf, contrib, nTok, nTok));
        if (isAbusive) {
            out.put(TASK_ABUSIVE, top(buf, contrib, 2 * nTok, nTok));
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<Analysis.Contribution> top(FeatureBuffer buf, float[] contrib, int from, int nTok) {
        List<Analysis.Contribution> top = new ArrayList<>(EXPLAIN_TOP);
        int picked = 0;
        long usedMask = 0; // words past the 64th are taken out by zeroing their contribution
        while (top.size() < EXPLAIN_TOP && picked < nTok) {
            int best = -1;
            for (int t = 0; t < nTok; t++) {
                boolean used = t < 64 && (usedMask & (1L << t)) != 0;
                if (!used && contrib[from + t] > 0 && (best < 0 || contrib[from + t] > contrib[from + best])) {
                    best = t;
                }
            }
            if (best < 0) {
                break;
            }
            picked++;
            float value = contrib[from + best];
            if (best < 64) {
                usedMask |= 1L << best;
            } else {
                contrib[from + best] = 0;
            }
            String term = buf.tokenText(best);
            boolean dup = false;
            for (Analysis.Contribution c : top) {
                dup |= c.term().equals(term);
            }
            if (!dup) {
                top.add(new Analysis.Contribution(term, round(value)));
            }
        }
        return List.copyOf(top);
    }

    private static Map<String, Double> scores(float[] p, LinearTask t) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < t.width(); i++) {
            m.put(t.labels().get(i), round(p[t.offset() + i]));
        }
        return Collections.unmodifiableMap(m);
    }

    private static double round(float x) {
        return Math.round(x * 10000.0) / 10000.0;
    }
}
