package fi.mokadesk.reply;

import fi.mokadesk.jsonl.JsonLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code coach --input replies.jsonl --output findings.jsonl}: checks one reply draft per line
 * ({@code {"id", "text", "public", "customerMessage"?}}) with every rule on and writes
 * {@code {"id", "findings": [...]}} per line in the same order. A line that cannot be checked gets
 * {@code {"id", "error"}} (id {@code null} when it cannot be read) and the rest still run; the exit code is
 * non-zero only when the arguments are wrong (2) or a file cannot be read or written (1).
 */
public final class CoachCommand {
    private static final String USAGE = "usage: coach --input replies.jsonl --output findings.jsonl";

    private CoachCommand() {}

    public static int run(String[] args) {
        Map<String, Path> paths = JsonLines.arguments(args, USAGE, System.err, "--input", "--output");
        if (paths == null) return 2;
        if (!JsonLines.readable(System.err, paths.get("--input"))) return 1;
        try {
            coach(ReplyCoach.withDefaults(), paths.get("--input"), paths.get("--output"));
            return 0;
        } catch (IOException | JacksonException e) {
            System.err.println("coach failed: " + e.getMessage());
            return 1;
        }
    }

    static void coach(ReplyCoach coach, Path input, Path output) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        JsonLines.transform(json, input, output, line -> checkLine(coach, json, line));
    }

    static Map<String, Object> checkLine(ReplyCoach coach, JsonMapper json, String line) {
        return JsonLines.answer(json, line, true, (node, r) -> {
            String text = JsonLines.string(node, "text");
            if (text == null) {
                r.put("error", "missing text (a string)");
                return;
            }
            JsonNode pub = node.get("public");
            if (pub == null || !pub.isBoolean()) {
                r.put("error", "missing public (true or false)");
                return;
            }
            JsonNode customer = node.get("customerMessage");
            if (customer != null && !customer.isNull() && !customer.isString()) {
                r.put("error", "customerMessage must be a string");
                return;
            }
            String customerText = customer == null || customer.isNull() ? null : customer.asString();
            List<Map<String, Object>> findings = new ArrayList<>();
            for (Finding f : coach.check(text, pub.asBoolean(), customerText)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rule", f.rule().id());
                m.put("severity", f.severity().id());
                m.put("start", f.start());
                m.put("end", f.end());
                m.put("message", f.message());
                findings.add(m);
            }
            r.put("findings", findings);
        });
    }
}
