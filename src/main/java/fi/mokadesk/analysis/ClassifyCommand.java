package fi.mokadesk.analysis;

import fi.mokadesk.jsonl.JsonLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.core.JacksonException;
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
        Map<String, Path> paths = JsonLines.arguments(args, USAGE, System.err, "--input", "--output");
        if (paths == null) return 2;
        if (!JsonLines.readable(System.err, paths.get("--input"))) return 1;
        MessageAnalyzer analyzer;
        try {
            analyzer = MessageAnalyzer.loadDefault();
        } catch (RuntimeException e) {
            System.err.println("cannot load models: " + e.getMessage());
            return 1;
        }
        try {
            classify(analyzer, paths.get("--input"), paths.get("--output"));
            return 0;
        } catch (IOException | JacksonException e) {
            System.err.println("classify failed: " + e.getMessage());
            return 1;
        }
    }

    static void classify(MessageAnalyzer analyzer, Path input, Path output) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        JsonLines.transform(json, input, output, line -> classifyLine(analyzer, json, line));
    }

    static Map<String, Object> classifyLine(MessageAnalyzer analyzer, JsonMapper json, String line) {
        return JsonLines.answer(json, line, false, (node, r) -> {
            String text = JsonLines.string(node, "text");
            if (text == null) {
                r.put("error", "missing text");
                return;
            }
            Analysis a = analyzer.analyze(text);
            r.put("language", a.language());
            r.put("sentiment", a.sentiment());
            r.put("sentimentScores", a.sentimentScores());
            r.put("toxicity", a.toxicity());
            r.put("abusive", a.abusive());
            r.put("category", a.category());
            r.put("lowSignal", a.lowSignal());
            r.put("urgency", a.urgency());
            r.put("explanation", a.explanation());
        });
    }
}
