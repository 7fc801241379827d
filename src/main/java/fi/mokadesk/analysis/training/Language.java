package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import fi.mokadesk.analysis.training.Corpus.Row;
import fi.mokadesk.analysis.training.TrainingSet.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Team-written sentences for language identification ({@code training/language/}): Swedish, and
 * German, Spanish, French, Estonian, Russian, … as {@code other}. The language evaluation set pools
 * held-out rows of every source.
 */
final class Language implements TrainingCorpus {
    static final String DEV = "language (all held-out sources)";
    static final String SOURCE = "team";

    private final Path dir;

    Language(Path training) {
        this.dir = training.resolve("language");
    }

    @Override
    public void load(TrainingSet set) throws IOException {
        for (String lang : List.of("sv", "other")) {
            List<Row> rows = Corpus.readLines(dir.resolve(lang + ".txt"));
            set.count("team-written " + lang + " sentences (language only)", rows.size());
            Corpus.Split s = Corpus.split(rows, r -> lang, REPORT_SHARE, SEED);
            for (Row r : s.train()) {
                set.train(MessageAnalyzer.TASK_LANGUAGE, lang, r.text(), 3f, "", SOURCE, DEV);
            }
            for (Row r : s.test()) {
                set.report(MessageAnalyzer.TASK_LANGUAGE, DEV, Metric.MACRO_F1, lang, r.text());
            }
        }
    }
}
