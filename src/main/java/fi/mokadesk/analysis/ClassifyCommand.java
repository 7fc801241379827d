package fi.mokadesk.analysis;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code classify --input in.jsonl --output out.jsonl}: analyses one JSON message per line
 * ({@code {"id": ..., "text": ...}}) and writes one JSON result per line in the same order. A line
 * that cannot be analysed gets an {@code error} field instead; the exit code is non-zero only when
 * the arguments are wrong or a file cannot be read or written.
 */
public final class ClassifyCommand {
    private static final String USAGE = "usage: classify --input in.jsonl --output out.jsonl";

    private ClassifyCommand() {}

    public static int run(String[] args) {
        Path input = null;
        Path output = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--input") || a.equals("--output")) && i + 1 < args.length) {
                Path p = Path.of(args[++i]);
                if (a.equals("--input")) {
                    input = p;
                } else {
                    output = p;
                }
            } else {
                System.err.println("unexpected argument " + a + "\n" + USAGE);
                return 2;
            }
        }
        if (input == null || output == null) {
            System.err.println(USAGE);
            return 2;
        }
        if (!Files.isReadable(input)) {
            System.err.println("cannot read " + input);
            return 1;
        }
        MessageAnalyzer analyzer;
        try {
            analyzer = MessageAnalyzer.loadDefault();
        } catch (RuntimeException e) {
            System.err.println("cannot load models: " + e.getMessage());
            return 1;
        }
        try {
            classify(analyzer, input, output);
            return 0;
        } catch (IOException | JacksonException e) {
            System.err.println("classify failed: " + e.getMessage());
            return 1;
        }
    }

    static void classify(MessageAnalyzer analyzer, Path input, Path output) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(json.writeValueAsString(classifyLine(analyzer, json, line)));
                out.write('\n');
            }
        }
    }

    private static final java.util.regex.Pattern ID_FIELD =
            java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))");

    /** Best-effort id from a line that is not valid JSON, so the error can be matched to its message. */
    static String salvageId(String line) {
        java.util.regex.Matcher m = ID_FIELD.matcher(line);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    static Map<String, Object> classifyLine(MessageAnalyzer analyzer, JsonMapper json, String line) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (line.isBlank()) {
            r.put("error", "blank line");
            return r;
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JacksonException e) {
            String id = salvageId(line);
            if (id != null) {
                r.put("id", id);
            }
            r.put("error", "malformed JSON");
            return r;
        }
        if (node == null || !node.isObject()) {
            r.put("error", "not a JSON object");
            return r;
        }
        JsonNode id = node.get("id");
        if (id != null && !id.isNull()) {
            r.put("id", id);
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isString()) {
            r.put("error", "missing text");
            return r;
        }
        Analysis a = analyzer.analyze(text.asString());
        r.put("language", a.language());
        r.put("sentiment", a.sentiment());
        r.put("sentimentScores", a.sentimentScores());
        r.put("toxicity", a.toxicity());
        r.put("abusive", a.abusive());
        r.put("category", a.category());
        r.put("lowSignal", a.lowSignal());
        r.put("urgency", a.urgency());
        r.put("explanation", a.explanation());
        return r;
    }
}
