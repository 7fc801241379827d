package fi.mokadesk.analysis.internal;

import java.util.List;

/**
 * One classification task inside a {@link CompactModel}: its name, its labels in score order and
 * the column where its scores start in the interleaved weight rows.
 */
public record LinearTask(String name, List<String> labels, int offset) {
    public int width() {
        return labels.size();
    }

    public int indexOf(String label) {
        return labels.indexOf(label);
    }
}
