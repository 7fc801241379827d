package fi.mokadesk.jsonl;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading arguments, walking an input file line by line and answering each line for the offline commands.
 * The commands differ only in what they do with one parsed object; a line that is blank, not JSON or not an
 * object gets an error here, with the {@code id} kept when it can be found, so a caller can match every
 * answer to its input.
 */
public final class JsonLines {

    private static final Pattern ID_FIELD = Pattern.compile("\"id\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))");

    /** What a command does with one input object: fills the answer, or puts an {@code error} in it. */
    @FunctionalInterface
    public interface Answer {
        void fill(JsonNode object, Map<String, Object> answer);
    }

    private JsonLines() {}

    /**
     * The {@code --flag path} pairs of a command, all of {@code flags} required.
     *
     * @return the paths by flag, or {@code null} after printing what is wrong and the usage (exit code 2)
     */
    public static Map<String, Path> arguments(String[] args, String usage, PrintStream err, String... flags) {
        List<String> known = List.of(flags);
        Map<String, Path> paths = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (known.contains(a) && i + 1 < args.length) {
                paths.put(a, Path.of(args[++i]));
            } else {
                err.println("unexpected argument " + a + "\n" + usage);
                return null;
            }
        }
        if (paths.size() != known.size()) {
            err.println(usage);
            return null;
        }
        return paths;
    }

    /** @return whether every file can be read; prints the first that cannot (exit code 1) */
    public static boolean readable(PrintStream err, Path... files) {
        for (Path p : files) {
            if (!Files.isReadable(p)) {
                err.println("cannot read " + p);
                return false;
            }
        }
        return true;
    }

    /** Answers every line of {@code input} into {@code output}, one JSON line each, in the same order. */
    public static void transform(JsonMapper json, Path input, Path output, Function<String, Map<String, Object>> line)
            throws IOException {
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                out.write(json.writeValueAsString(line.apply(text)));
                out.write('\n');
            }
        }
    }

    /**
     * The answer to one input line: {@code id} first (when the line has one; always, as {@code null} if
     * unknown, when {@code idAlways}), then what {@code fill} adds, or an {@code error}.
     */
    public static Map<String, Object> answer(JsonMapper json, String line, boolean idAlways, Answer fill) {
        Map<String, Object> answer = new LinkedHashMap<>();
        if (idAlways) answer.put("id", null);
        if (line.isBlank()) {
            answer.put("error", "blank line");
            return answer;
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JacksonException e) {
            String id = salvageId(line);
            if (idAlways || id != null) answer.put("id", id);
            answer.put("error", "malformed JSON");
            return answer;
        }
        if (node == null || !node.isObject()) {
            answer.put("error", "not a JSON object");
            return answer;
        }
        JsonNode id = node.get("id");
        if (id != null && !id.isNull()) answer.put("id", id);
        fill.fill(node, answer);
        return answer;
    }

    /** The string field {@code name} of {@code object}, or {@code null} when it is missing or not a string. */
    public static String string(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value != null && value.isString() ? value.asString() : null;
    }

    /** Best-effort id from a line that is not valid JSON, so its error can be matched to its input. */
    static String salvageId(String line) {
        Matcher m = ID_FIELD.matcher(line);
        if (!m.find()) return null;
        return m.group(1) != null ? m.group(1) : m.group(2);
    }
}
