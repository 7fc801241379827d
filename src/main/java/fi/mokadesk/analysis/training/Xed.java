package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import fi.mokadesk.analysis.training.Corpus.Row;
import fi.mokadesk.analysis.training.TrainingSet.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * XED movie-subtitle lines (Helsinki-NLP, CC BY 4.0) in Finnish or English, mapped to three
 * sentiments: neutral lines ({@code 0}) are neutral; anger, disgust, fear, sadness are negative; joy
 * and trust positive. Lines mixing a negative and a positive emotion, or with only anticipation or
 * surprise, are left out.
 */
final class Xed implements TrainingCorpus {
    static final String SOURCE = "xed";
    private static final Set<String> NEGATIVE = Set.of("1", "3", "4", "6");
    private static final Set<String> POSITIVE = Set.of("5", "8");

    private final Path file;
    private final String lang;

    Xed(Path data, String lang) {
        this.file = file(data, lang);
        this.lang = lang;
    }

    static Path file(Path data, String lang) {
        return data.resolve(lang).resolve("xed").resolve("train.tsv");
    }

    /** The lines with a sentiment, split into the training and the report side, stratified by sentiment. */
    static Corpus.Split split(Path file) throws IOException {
        List<Row> rows = Corpus.readTsv(file, "text");
        rows.removeIf(r -> sentiment(r.get("emotions")) == null);
        return Corpus.split(rows, r -> sentiment(r.get("emotions")), REPORT_SHARE, SEED);
    }

    static String sentiment(String emotions) {
        boolean neg = false;
        boolean pos = false;
        boolean neutral = false;
        for (String e : emotions.split(",")) {
            String c = e.trim();
            neg |= NEGATIVE.contains(c);
            pos |= POSITIVE.contains(c);
            neutral |= c.equals("0");
        }
        if (neutral && !neg && !pos) {
            return "neutral";
        }
        if (neg != pos) {
            return neg ? "negative" : "positive";
        }
        return null;
    }

    private static int letters(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += Character.isLetter(s.charAt(i)) ? 1 : 0;
        }
        return n;
    }

    static String devSet(String lang) {
        return "sentiment " + lang + ", XED subtitles (3 classes)";
    }

    @Override
    public void load(TrainingSet set) throws IOException {
        Corpus.Split s = split(file);
        set.count("XED " + lang, s.size());
        String dev = devSet(lang);
        for (Row r : s.train()) {
            set.train(MessageAnalyzer.TASK_SENTIMENT, sentiment(r.get("emotions")), r.text(), 1f, lang, SOURCE, dev);
        }
        // language: only lines with words ("!" and ", ..." are not Finnish or English)
        List<Row> worded =
                s.train().stream().filter(r -> letters(r.text()) >= 2).toList();
        for (Row r : Corpus.sample(worded, 4000, SEED)) {
            set.train(MessageAnalyzer.TASK_LANGUAGE, lang, r.text(), 1f, "", SOURCE, Language.DEV);
        }
        for (Row r : s.test()) {
            set.report(MessageAnalyzer.TASK_SENTIMENT, dev, Metric.MACRO_F1, sentiment(r.get("emotions")), r.text());
        }
        List<Row> wordedTest =
                s.test().stream().filter(r -> letters(r.text()) >= 2).toList();
        for (Row r : Corpus.sample(wordedTest, 500, SEED)) {
            set.report(MessageAnalyzer.TASK_LANGUAGE, Language.DEV, Metric.MACRO_F1, lang, r.text());
        }
    }
}
