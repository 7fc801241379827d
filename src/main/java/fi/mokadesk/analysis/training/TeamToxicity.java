package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import fi.mokadesk.analysis.training.Corpus.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Team-written toxicity examples ({@code training/toxicity/extra.tsv}), training only: threats,
 * identity attacks and insults, and complaints that swear or threaten legal steps without being
 * abusive.
 */
final class TeamToxicity implements TrainingCorpus {
    static final String SOURCE = "team";
    private static final Set<String> ATTACKS = Set.of("identity_attack", "threat", "severe_toxicity", "insult");

    private final Path file;

    TeamToxicity(Path training) {
        this.file = training.resolve("toxicity").resolve("extra.tsv");
    }

    @Override
    public void load(TrainingSet set) throws IOException {
        List<Row> rows = Corpus.readTsv(file, "text");
        set.count("team-written toxicity examples (training only)", rows.size());
        for (Row r : rows) {
            String label = r.get("label");
            boolean applies = "1".equals(r.get("applies"));
            set.train(Labels.toxicity(label), applies ? "yes" : "no", r.text(), 2f, "", SOURCE, null);
            if (applies && ATTACKS.contains(label)) {
                set.train(Labels.toxicity("toxicity"), "yes", r.text(), 1f, "", SOURCE, null);
            }
            String abusive = "1".equals(r.get("abusive")) ? "yes" : "no";
            set.train(MessageAnalyzer.TASK_ABUSIVE, abusive, r.text(), 3f, "", SOURCE, null);
        }
    }
}
