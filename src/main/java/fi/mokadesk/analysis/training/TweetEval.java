package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import fi.mokadesk.analysis.training.Corpus.Row;
import fi.mokadesk.analysis.training.TrainingSet.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * TweetEval (Barbieri et al.): sentiment (0/1/2 → negative/neutral/positive, scored by macro-recall
 * as in TweetEval), offensive (→ toxicity; obscene when it contains a common swear word) and hate (→
 * identity attack, toxicity and abusive: hate attacks a group).
 */
final class TweetEval implements TrainingCorpus {
    static final String SOURCE = "tweeteval";
    static final String SENTIMENT_SET = "sentiment en, TweetEval";
    private static final List<String> SWEARS = List.of(
            "fuck", "shit", "bitch", "cunt", "dick", "pussy", "bastard", "asshole", "damn", "crap", "whore", "slut");

    private final Path en;

    TweetEval(Path data) {
        this.en = data.resolve("en");
    }

    @Override
    public void load(TrainingSet set) throws IOException {
        sentiment(set);
        offensive(set);
        hate(set);
    }

    /** The sentiment tweets (in {@code en}, the English data folder) split into the training and the report side. */
    static Corpus.Split sentimentSplit(Path en) throws IOException {
        List<Row> rows = Corpus.readTsv(en.resolve("tweeteval-sentiment").resolve("train.tsv"), "text");
        return Corpus.split(rows, r -> r.get("label"), REPORT_SHARE, SEED);
    }

    private void sentiment(TrainingSet set) throws IOException {
        Corpus.Split s = sentimentSplit(en);
        set.count("TweetEval sentiment en", s.size());
        for (Row r : s.train()) {
            String label = Labels.SENTIMENTS.get(Integer.parseInt(r.get("label")));
            set.train(MessageAnalyzer.TASK_SENTIMENT, label, r.text(), 1f, "en", SOURCE, SENTIMENT_SET);
            set.train(MessageAnalyzer.TASK_LANGUAGE, "en", r.text(), 1f, "", SOURCE, Language.DEV);
        }
        for (Row r : s.test()) {
            String label = Labels.SENTIMENTS.get(Integer.parseInt(r.get("label")));
            set.report(MessageAnalyzer.TASK_SENTIMENT, SENTIMENT_SET, Metric.MACRO_RECALL, label, r.text());
            set.report(MessageAnalyzer.TASK_LANGUAGE, Language.DEV, Metric.MACRO_F1, "en", r.text());
        }
    }

    private void offensive(TrainingSet set) throws IOException {
        List<Row> rows = Corpus.readTsv(en.resolve("tweeteval-offensive").resolve("train.tsv"), "text");
        set.count("TweetEval offensive en", rows.size());
        Corpus.Split s = Corpus.split(rows, r -> r.get("label"), REPORT_SHARE, SEED);
        String dev = "toxicity, TweetEval offensive en (mapped)";
        for (Row r : Corpus.sample(s.train(), 6000, SEED)) {
            boolean offensive = "1".equals(r.get("label"));
            set.train(Labels.toxicity("toxicity"), offensive ? "yes" : "no", r.text(), 0.5f, "", SOURCE, dev);
            String lower = r.text().toLowerCase(Locale.ROOT);
            if (offensive && SWEARS.stream().anyMatch(lower::contains)) {
                set.train(Labels.toxicity("obscene"), "yes", r.text(), 0.5f, "", SOURCE, null);
            } else if (!offensive) {
                for (String l : List.of("obscene", "insult", "threat", "severe_toxicity")) {
                    set.train(Labels.toxicity(l), "no", r.text(), 0.3f, "", SOURCE, null);
                }
                set.train(MessageAnalyzer.TASK_ABUSIVE, "no", r.text(), 0.5f, "", SOURCE, null);
            }
        }
        for (Row r : s.test()) {
            set.report(
                    Labels.toxicity("toxicity"),
                    dev,
                    Metric.MACRO_F1,
                    "1".equals(r.get("label")) ? "yes" : "no",
                    r.text());
        }
    }

    private void hate(TrainingSet set) throws IOException {
        List<Row> rows = Corpus.readTsv(en.resolve("tweeteval-hate").resolve("train.tsv"), "text");
        set.count("TweetEval hate en", rows.size());
        Corpus.Split s = Corpus.split(rows, r -> r.get("label"), REPORT_SHARE, SEED);
        String dev = "identity_attack, TweetEval hate en (mapped)";
        for (Row r : Corpus.sample(s.train(), 5000, SEED)) {
            boolean hate = "1".equals(r.get("label"));
            set.train(Labels.toxicity("identity_attack"), hate ? "yes" : "no", r.text(), 0.5f, "", SOURCE, dev);
            if (hate) {
                set.train(Labels.toxicity("toxicity"), "yes", r.text(), 0.5f, "", SOURCE, null);
                set.train(MessageAnalyzer.TASK_ABUSIVE, "yes", r.text(), 0.5f, "", SOURCE, null);
            }
        }
        for (Row r : s.test()) {
            set.report(
                    Labels.toxicity("identity_attack"),
                    dev,
                    Metric.MACRO_F1,
                    "1".equals(r.get("label")) ? "yes" : "no",
                    r.text());
        }
    }
}
