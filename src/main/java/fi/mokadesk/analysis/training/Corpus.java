package fi.mokadesk.analysis.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/** Readers for the training corpora and a fixed-seed stratified train/test split. */
public final class Corpus {
    private Corpus() {}

    /** One row of a corpus: id, text and named string fields. */
    public record Row(String id, String text, Map<String, String> fields) {
        public String get(String f) {
            return fields.get(f);
        }
    }

    /** Reads a TSV with a header line; {@code textColumn} names the text column. */
    public static List<Row> readTsv(Path file, String textColumn) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                return rows;
            }
            String[] cols = header.split("\t", -1);
            int textIdx = List.of(cols).indexOf(textColumn);
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\t", -1);
                if (parts.length < cols.length) {
                    continue;
                }
                Map<String, String> f = new LinkedHashMap<>();
                for (int i = 0; i < cols.length; i++) {
                    f.put(cols[i], parts[i].trim());
                }
                // the text column may itself hold tabs when it is the last column
                String text = textIdx == cols.length - 1
                        ? String.join(" ", List.of(parts).subList(textIdx, parts.length))
                        : parts[textIdx];
                String id = f.getOrDefault(cols[0], file.getFileName() + ":" + n);
                rows.add(new Row(id, text.trim(), f));
            }
        }
        return rows;
    }

    /** Reads a two-column {@code text,category} CSV (texts may be quoted). */
    public static List<Row> readTextLabelCsv(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int comma = line.lastIndexOf(',');
            if (comma <= 0) {
                continue;
            }
            String text = line.substring(0, comma).trim();
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1).replace("\"\"", "\"");
            }
            rows.add(new Row(
                    file.getFileName() + ":" + i,
                    text,
                    Map.of("label", line.substring(comma + 1).trim())));
        }
        return rows;
    }

    /** Plain text, one example per line; blank lines and lines starting with '#' are skipped. */
    public static List<Row> readLines(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).trim();
            if (!s.isEmpty() && !s.startsWith("#")) {
                rows.add(new Row(file.getFileName() + ":" + (i + 1), s, Map.of()));
            }
        }
        return rows;
    }

    /** A train/test split. */
    public record Split(List<Row> train, List<Row> test) {
        /** The rows on both sides: all the corpus had. */
        public int size() {
            return train.size() + test.size();
        }
    }

    /**
     * Stratified split: within each stratum the rows are shuffled with a fixed seed and the first
     * {@code testShare} of them go to the test side.
     */
    public static Split split(List<Row> rows, Function<Row, String> stratum, double testShare, long seed) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(stratum.apply(r), k -> new ArrayList<>()).add(r);
        }
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        List<String> keys = new ArrayList<>(groups.keySet());
        keys.sort(Comparator.naturalOrder());
        for (String k : keys) {
            List<Row> g = new ArrayList<>(groups.get(k));
            g.sort(Comparator.comparing(Row::id));
            java.util.Collections.shuffle(g, new Random(seed ^ k.hashCode()));
            int nTest = (int) Math.round(g.size() * testShare);
            if (g.size() >= 2 && nTest == 0) {
                nTest = 1;
            }
            test.addAll(g.subList(0, nTest));
            train.addAll(g.subList(nTest, g.size()));
        }
        return new Split(train, test);
    }

    /** Deterministic sample of at most {@code n} rows. */
    public static List<Row> sample(List<Row> rows, int n, long seed) {
        if (rows.size() <= n) {
            return rows;
        }
        List<Row> copy = new ArrayList<>(rows);
        java.util.Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, n);
    }
}
