package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import fi.mokadesk.analysis.training.Corpus.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Team-written sentiment examples, training only: neutral customer questions and statements
 * ({@code training/neutral/}; also examples of text that is neither abusive nor toxic) and the cases open data lacks ({@code training/sentiment/}): sarcasm
 * ("Loistavaa palvelua 👏👏"), nostalgic complaints ("ennen oli parempaa"), short Swedish complaints
 * and praise.
 */
final class TeamSentiment implements TrainingCorpus {
    static final String SOURCE = "team";

    private final Path training;

    TeamSentiment(Path training) {
        this.training = training;
    }

    @Override
    public void load(TrainingSet set) throws IOException {
        for (String lang : List.of("fi", "en", "sv")) {
            List<Row> neutral = Corpus.readTsv(training.resolve("neutral").resolve(lang + ".tsv"), "text");
            set.count("team-written neutral customer messages " + lang + " (training only)", neutral.size());
            for (Row r : neutral) {
                set.train(MessageAnalyzer.TASK_SENTIMENT, "neutral", r.text(), 1f, lang, SOURCE, null);
                // plain questions are also what ordinary, non-abusive customer text looks like
                set.train(MessageAnalyzer.TASK_ABUSIVE, "no", r.text(), 1f, "", SOURCE, null);
                for (String l : MessageAnalyzer.TOXICITY_LABELS) {
                    set.train(Labels.toxicity(l), "no", r.text(), 0.5f, "", SOURCE, null);
                }
            }
            List<Row> other = Corpus.readTsv(training.resolve("sentiment").resolve(lang + ".tsv"), "text");
            other.removeIf(r -> !Labels.SENTIMENTS.contains(r.get("sentiment")));
            set.count("team-written sentiment examples " + lang + " (training only)", other.size());
            for (Row r : other) {
                set.train(MessageAnalyzer.TASK_SENTIMENT, r.get("sentiment"), r.text(), 2f, lang, SOURCE, null);
                set.train(MessageAnalyzer.TASK_LANGUAGE, lang, r.text(), 1f, "", SOURCE, null);
            }
        }
    }
}
