package fi.mokadesk.reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drafts per second on one thread for the whole rule set: the team's labelled replies (public and private,
 * with and without the customer's message), and the same drafts repeated five times as long drafts of
 * about 1,000 characters (run from the repository root).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class ReplyCoachBenchmark {
    record Draft(String text, boolean isPublic, String customer) {}

    private List<Draft> drafts;
    private List<Draft> longDrafts;
    private int next;
    private ReplyCoach coach;

    @Setup(Level.Trial)
    public void setUp() {
        drafts = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        for (String file : List.of("dev", "heldout")) {
            try {
                for (String line : Files.readAllLines(
                        Path.of("training/reply-coach/" + file + ".jsonl"), StandardCharsets.UTF_8)) {
                    JsonNode n = json.readTree(line);
                    drafts.add(new Draft(
                            n.get("text").asString(),
                            n.get("public").asBoolean(),
                            n.has("customerMessage") ? n.get("customerMessage").asString() : null));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Collections.shuffle(drafts, new Random(42));
        longDrafts = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 5; k++) {
                b.append(drafts.get((i + k) % drafts.size()).text()).append(' ');
            }
            Draft d = drafts.get(i);
            longDrafts.add(new Draft(b.toString(), d.isPublic(), d.customer()));
        }
        coach = ReplyCoach.withDefaults();
    }

    private Draft nextOf(List<Draft> list) {
        Draft d = list.get(next);
        next = next + 1 == list.size() ? 0 : next + 1;
        return d;
    }

    /** A typical reply (about 150 characters): every rule. */
    @Benchmark
    public List<Finding> checkDraft() {
        Draft d = nextOf(drafts);
        return coach.check(d.text(), d.isPublic(), d.customer());
    }

    /** A long reply (about 1,000 characters): every rule. */
    @Benchmark
    public List<Finding> checkLongDraft() {
        Draft d = nextOf(longDrafts);
        return coach.check(d.text(), d.isPublic(), d.customer());
    }
}
