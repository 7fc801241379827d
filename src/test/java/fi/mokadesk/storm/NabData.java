package fi.mokadesk.storm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Loads labelled count series in the NAB layout: CSV files plus {@code windows.json}. */
final class NabData {

    /** Where the five NAB Twitter series live; override with {@code -Dmokadesk.nab.dir=...}. */
    static final Path DEFAULT_DIR =
            Path.of(System.getProperty("mokadesk.nab.dir", "/work/shared/data/series/nab-realtweets"));

    record Series(String name, Instant[] timestamps, long[] values, List<NabScorer.Window> windows) {}

    private NabData() {}

    static List<Series> load(Path dir) throws IOException {
        Map<String, List<List<String>>> labels = JsonMapper.builder()
                .build()
                .readValue(
                        dir.resolve("windows.json").toFile(), new TypeReference<Map<String, List<List<String>>>>() {});
        List<Series> all = new ArrayList<>();
        for (Map.Entry<String, List<List<String>>> entry : new TreeMap<>(labels).entrySet()) {
            List<String> lines = Files.readAllLines(dir.resolve(entry.getKey()));
            int n = lines.size() - 1;
            Instant[] timestamps = new Instant[n];
            long[] values = new long[n];
            Map<String, Integer> index = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                String[] cells = lines.get(i + 1).split(",");
                timestamps[i] =
                        LocalDateTime.parse(cells[0].trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
                values[i] = Math.round(Double.parseDouble(cells[1].trim()));
                index.put(cells[0].trim(), i);
            }
            List<NabScorer.Window> windows = new ArrayList<>();
            for (List<String> window : entry.getValue()) {
                Integer first = index.get(window.get(0).substring(0, 19));
                Integer last = index.get(window.get(1).substring(0, 19));
                if (first == null || last == null) {
                    throw new IOException("window " + window + " does not match rows of " + entry.getKey());
                }
                windows.add(new NabScorer.Window(first, last));
            }
            all.add(new Series(entry.getKey().replace(".csv", ""), timestamps, values, windows));
        }
        return all;
    }
}
