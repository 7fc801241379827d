package fi.mokadesk.storm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads labelled series in the NAB layout: CSV files plus {@code windows.json}.
 *
 * <p>The data lives outside the repository. It is looked up in this order: the system property
 * {@code mokadesk.nab.dir} (a folder holding {@code nab-realtweets/} and {@code nab-other/}),
 * {@code ../shared/data/series} beside the project (how CI checks the repository out), and
 * {@code /work/shared/data/series}. Tests that need it are skipped with a message when none exists.
 */
final class NabData {

    /** The five Twitter mention series the detector is developed on. */
    static final String TWITTER = "nab-realtweets";
    /** NAB's other real series: not mention counts, a robustness check. */
    static final String OTHER = "nab-other";

    static final List<Path> CANDIDATES = candidates();

    record Series(String name, Instant[] timestamps, long[] values, List<NabScorer.Window> windows) {
        /** The bucket length as the {@code storms} command infers it: the gap between the first two rows. */
        Duration bucket() {
            Duration gap = Duration.between(timestamps[0], timestamps[1]);
            return gap.getSeconds() < 1 || gap.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofMinutes(5) : gap;
        }
    }

    private NabData() {}

    private static List<Path> candidates() {
        List<Path> list = new ArrayList<>();
        String property = System.getProperty("mokadesk.nab.dir");
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property);
            // accept the series root or, as before, the Twitter folder itself
            list.add(Files.isRegularFile(p.resolve("windows.json")) ? p.getParent() : p);
        }
        list.add(Path.of("..", "shared", "data", "series").toAbsolutePath().normalize());
        list.add(Path.of("/work/shared/data/series"));
        return list;
    }

    /** The folder of one data set, if any candidate location has it. */
    static Optional<Path> dir(String set) {
        return CANDIDATES.stream()
                .map(p -> p.resolve(set))
                .filter(p -> Files.isRegularFile(p.resolve("windows.json")))
                .findFirst();
    }

    static String missing(String set) {
        return "NAB data set " + set + " not found in any of " + CANDIDATES
                + " (set -Dmokadesk.nab.dir=... to the folder holding it)";
    }

    static List<Series> load(Path dir) throws IOException {
        return load(dir, 1);
    }

    /**
     * Loads every labelled file of a folder. Values are multiplied by {@code scale} and rounded to
     * whole numbers, as the {@code storms} command rounds them.
     */
    static List<Series> load(Path dir, double scale) throws IOException {
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
                values[i] = Math.round(Math.max(0, Double.parseDouble(cells[1].trim())) * scale);
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
