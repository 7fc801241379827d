package fi.mokadesk.analysis.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the corpora contribute: training examples per task, the report split (never used for
 * training or for any choice) and the evaluation sets with their metric.
 */
final class TrainingSet {
    /** How a held-out set is scored. */
    enum Metric {
        MACRO_F1("macro-F1"),
        MACRO_RECALL("macro-recall");

        final String title;

        Metric(String title) {
            this.title = title;
        }
    }

    /** Held-out examples of one task from one source, scored once at the end. */
    record ReportSet(String task, String name, Metric metric, List<Example> examples) {}

    final Map<String, List<Example>> train = new LinkedHashMap<>();
    final Map<String, ReportSet> report = new LinkedHashMap<>();
    final Map<String, Metric> metrics = new LinkedHashMap<>();
    final Map<String, Integer> sourceCounts = new LinkedHashMap<>();

    /** Adds a training example; {@code dev} names the evaluation set it belongs to, or null. */
    void train(String task, String label, String text, float weight, String group, String source, String dev) {
        if (text == null || text.isBlank()) {
            return;
        }
        train.computeIfAbsent(task, k -> new ArrayList<>()).add(new Example(text, label, weight, group, source, dev));
    }

    /** Adds a held-out example of the evaluation set {@code name}. */
    void report(String task, String name, Metric metric, String label, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        metrics.put(name, metric);
        report.computeIfAbsent(task + "|" + name, k -> new ReportSet(task, name, metric, new ArrayList<>()))
                .examples()
                .add(new Example(text, label, 1f, "", "", name));
    }

    void count(String source, int rows) {
        sourceCounts.merge(source, rows, Integer::sum);
    }

    Metric metricOf(String dev) {
        return metrics.getOrDefault(dev, Metric.MACRO_F1);
    }
}
