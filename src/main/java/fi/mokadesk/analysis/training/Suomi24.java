package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import fi.mokadesk.analysis.training.Corpus.Row;
import fi.mokadesk.analysis.training.TrainingSet.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Suomi24 forum comments annotated by TurkuNLP (CC BY-SA 4.0), one Perspective attribute per row.
 * Each row trains its own attribute. The other labels are extra signal for {@code toxicity}: an
 * insult, identity attack, threat or severe toxicity is also toxic (source {@value #RELATED}, whose
 * weight cross-validation chooses). Abusive: a positive insult, identity attack, threat or severe
 * toxicity row is abusive, a row judged not toxic is not; obscene rows say nothing about abuse.
 */
final class Suomi24 implements TrainingCorpus {
    static final String SOURCE = "suomi24";
    static final String RELATED = "suomi24-related";
    private static final Set<String> ATTACKS = Set.of("identity_attack", "threat", "severe_toxicity", "insult");

    private final Path file;

    Suomi24(Path data) {
        this.file = file(data);
    }

    static Path file(Path data) {
        return data.resolve("fi").resolve("suomi24-toxicity").resolve("train.tsv");
    }

    /** The comments split into the training and the report side, stratified by label and answer. */
    static Corpus.Split split(Path file) throws IOException {
        List<Row> rows = Corpus.readTsv(file, "text");
        return Corpus.split(rows, Suomi24::stratum, REPORT_SHARE, SEED);
    }

    /** A comment's label and whether it applies ("label/applies"): the split's strata. */
    static String stratum(Row r) {
        return r.get("label") + "/" + r.get("applies");
    }

    static String devSet(String label) {
        return label + ", Suomi24 fi";
    }

    private static String abusive(String label, boolean applies) {
        if (applies && ATTACKS.contains(label)) {
            return "yes";
        }
        return !applies && label.equals("toxicity") ? "no" : null;
    }

    @Override
    public void load(TrainingSet set) throws IOException {
        Corpus.Split s = split(file);
        set.count("Suomi24 toxicity fi", s.size());
        String abusiveSet = "abusive, Suomi24 fi (mapped)";
        for (Row r : s.train()) {
            String label = r.get("label");
            boolean applies = "1".equals(r.get("applies"));
            set.train(Labels.toxicity(label), applies ? "yes" : "no", r.text(), 1f, "", SOURCE, devSet(label));
            if (applies && ATTACKS.contains(label)) {
                set.train(Labels.toxicity("toxicity"), "yes", r.text(), 1f, "", RELATED, null);
            }
            String ab = abusive(label, applies);
            if (ab != null) {
                set.train(MessageAnalyzer.TASK_ABUSIVE, ab, r.text(), 1f, "", SOURCE, abusiveSet);
            }
            set.train(MessageAnalyzer.TASK_LANGUAGE, "fi", r.text(), 1f, "", SOURCE, Language.DEV);
        }
        for (Row r : s.test()) {
            String label = r.get("label");
            boolean applies = "1".equals(r.get("applies"));
            set.report(Labels.toxicity(label), devSet(label), Metric.MACRO_F1, applies ? "yes" : "no", r.text());
            String ab = abusive(label, applies);
            if (ab != null) {
                set.report(MessageAnalyzer.TASK_ABUSIVE, abusiveSet, Metric.MACRO_F1, ab, r.text());
            }
            set.report(MessageAnalyzer.TASK_LANGUAGE, Language.DEV, Metric.MACRO_F1, "fi", r.text());
        }
    }
}
