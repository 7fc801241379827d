package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import fi.mokadesk.analysis.training.Corpus.Row;
import fi.mokadesk.analysis.training.TrainingSet.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The team's customer messages ({@code training/customer-messages/{fi,en,sv}.tsv}): category,
 * sentiment, abusive and language; "no" for the toxicity attributes a polite message clearly lacks.
 * Split by category, so one message is on the same side for every task. The messages in
 * {@code training-only/{lang}.tsv} (same format) train the same tasks but never enter an evaluation
 * set: they were written later, so adding them leaves the report split and the cross-validation sets
 * exactly as they were and the before/after figures stay comparable.
 */
final class CustomerMessages implements TrainingCorpus {
    static final String SOURCE = "customer";

    private final Path dir;

    CustomerMessages(Path training) {
        this.dir = training.resolve("customer-messages");
    }

    @Override
    public void load(TrainingSet set) throws IOException {
        for (String lang : List.of("fi", "en", "sv")) {
            List<Row> rows = Corpus.readTsv(dir.resolve(lang + ".tsv"), "text");
            rows.removeIf(r ->
                    !Labels.CATEGORIES.contains(r.get("category")) || !Labels.SENTIMENTS.contains(r.get("sentiment")));
            set.count("customer messages " + lang, rows.size());
            Corpus.Split s = Corpus.split(rows, r -> r.get("category"), REPORT_SHARE, SEED);
            String categorySet = "category " + lang + ", customer messages";
            String sentimentSet = "sentiment, customer messages (fi+en+sv)";
            String abusiveSet = "abusive, customer messages (fi+en+sv)";
            for (Row r : s.train()) {
                trainOn(set, r, lang, sentimentSet, categorySet, abusiveSet);
            }
            List<Row> extra = Corpus.readTsv(dir.resolve("training-only").resolve(lang + ".tsv"), "text");
            extra.removeIf(r ->
                    !Labels.CATEGORIES.contains(r.get("category")) || !Labels.SENTIMENTS.contains(r.get("sentiment")));
            if (!extra.isEmpty()) {
                set.count("customer messages " + lang + " (training only)", extra.size());
            }
            for (Row r : extra) {
                trainOn(set, r, lang, null, null, null);
            }
            for (Row r : s.test()) {
                set.report(MessageAnalyzer.TASK_LANGUAGE, Language.DEV, Metric.MACRO_F1, lang, r.text());
                set.report(MessageAnalyzer.TASK_SENTIMENT, sentimentSet, Metric.MACRO_F1, r.get("sentiment"), r.text());
                set.report(MessageAnalyzer.TASK_CATEGORY, categorySet, Metric.MACRO_F1, r.get("category"), r.text());
                set.report(
                        MessageAnalyzer.TASK_ABUSIVE,
                        abusiveSet,
                        Metric.MACRO_F1,
                        "1".equals(r.get("abusive")) ? "yes" : "no",
                        r.text());
            }
        }
    }

    /**
     * Trains every task on one message; {@code null} evaluation sets make it training only (the
     * language set too).
     */
    private static void trainOn(
            TrainingSet set, Row r, String lang, String sentimentSet, String categorySet, String abusiveSet) {
        String abusive = "1".equals(r.get("abusive")) ? "yes" : "no";
        String languageSet = categorySet == null ? null : Language.DEV;
        set.train(MessageAnalyzer.TASK_LANGUAGE, lang, r.text(), 2f, "", SOURCE, languageSet);
        set.train(MessageAnalyzer.TASK_SENTIMENT, r.get("sentiment"), r.text(), 4f, lang, SOURCE, sentimentSet);
        set.train(MessageAnalyzer.TASK_CATEGORY, r.get("category"), r.text(), 1f, lang, SOURCE, categorySet);
        set.train(MessageAnalyzer.TASK_ABUSIVE, abusive, r.text(), 3f, "", SOURCE, abusiveSet);
        if (abusive.equals("yes")) {
            set.train(Labels.toxicity("toxicity"), "yes", r.text(), 1f, "", SOURCE, null);
            return;
        }
        // a polite message has none of the attributes; a plain complaint is at least no attack
        boolean negative = "negative".equals(r.get("sentiment"));
        for (String l : MessageAnalyzer.TOXICITY_LABELS) {
            boolean known = !negative || !l.equals("toxicity") && !l.equals("obscene");
            if (known) {
                set.train(Labels.toxicity(l), "no", r.text(), 1f, "", SOURCE, null);
            }
        }
    }
}
