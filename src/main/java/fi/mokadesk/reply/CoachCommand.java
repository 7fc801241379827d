package fi.mokadesk.reply;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern ID_FIELD = Pattern.compile("\"id\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))");

    private CoachCommand() {}

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
        try {
            coach(ReplyCoach.withDefaults(), input, output);
            return 0;
        } catch (IOException | JacksonException e) {
            System.err.println("coach failed: " + e.getMessage());
            return 1;
        }
    }

    static void coach(ReplyCoach coach, Path input, Path output) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(json.writeValueAsString(checkLine(coach, json, line)));
                out.write('\n');
            }
        }
    }

    static Map<String, Object> checkLine(ReplyCoach coach, JsonMapper json, String line) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", null);
        if (line.isBlank()) {
            r.put("error", "blank line");
            return r;
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JacksonException e) {
            r.put("id", salvageId(line));
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
            r.put("error", "missing text (a string)");
            return r;
        }
        JsonNode pub = node.get("public");
        if (pub == null || !pub.isBoolean()) {
            r.put("error", "missing public (true or false)");
            return r;
        }
        JsonNode customer = node.get("customerMessage");
        if (customer != null && !customer.isNull() && !customer.isString()) {
            r.put("error", "customerMessage must be a string");
            return r;
        }
        String customerText = customer == null || customer.isNull() ? null : customer.asString();
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : coach.check(text.asString(), pub.asBoolean(), customerText)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", f.rule().id());
            m.put("severity", f.severity().id());
            m.put("start", f.start());
            m.put("end", f.end());
            m.put("message", f.message());
            findings.add(m);
        }
        r.put("findings", findings);
        return r;
    }

    /** Best-effort id from a line that is not valid JSON, so the error can be matched to its draft. */
    static String salvageId(String line) {
        Matcher m = ID_FIELD.matcher(line);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }
}
