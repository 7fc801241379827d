package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agents' corrections exported from the desk ({@code GET /api/v1/analysis/corrections}, a JSON
 * array of {@code {text, task, corrected}}), training only: each corrected message trains its task
 * with the agent's label at weight {@value #WEIGHT}.
 */
final class AgentCorrections implements TrainingCorpus {
    static final String SOURCE = "corrections";
    static final float WEIGHT = 3f;

    private final Path file;

    AgentCorrections(Path file) {
        this.file = file;
    }

    @Override
    public void load(TrainingSet set) throws IOException {
        if (file == null) {
            return;
        }
        JsonNode rows = JsonMapper.builder().build().readTree(Files.readString(file));
        int n = 0;
        for (JsonNode r : rows) {
            String text = r.path("text").asString("");
            String task = r.path("task").asString("");
            String label = r.path("corrected").asString("");
            if (task.equals("abusive")) {
                label = label.equals("true") ? "yes" : "no";
            }
            boolean known = switch (task) {
                case MessageAnalyzer.TASK_SENTIMENT,
                        MessageAnalyzer.TASK_CATEGORY,
                        MessageAnalyzer.TASK_ABUSIVE,
                        MessageAnalyzer.TASK_LANGUAGE -> Labels.of(task).contains(label);
                default -> false;
            };
            if (known && !text.isBlank()) {
                set.train(task, label, text, WEIGHT, "", SOURCE, null);
                n++;
            }
        }
        set.count("agent corrections (training only)", n);
    }
}
