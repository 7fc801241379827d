package fi.mokadesk.analysis;

import fi.mokadesk.analysis.internal.FeatureBuffer;
import fi.mokadesk.analysis.internal.Featurizer;
import fi.mokadesk.analysis.internal.Lexicon;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * Messages per second on one thread: the full analysis and featurizing alone. Messages are the
 * team's customer messages cut to about 80 characters (run from the repository root).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class AnalysisBenchmark {
    private static final String[] BASE = {
        "Paketti ei ole vieläkään tullut, missä se on?",
        "Kiitos nopeasta avusta, olitte tosi ystävällisiä!",
        "Laskussa on virhe, minulta veloitettiin kahdesti.",
        "vitun huono palvelu, missä mun paketti",
        "Miten vaihdan toimitusosoitteen?",
        "Tuote hajosi viikossa, haluan rahat takaisin heti.",
        "Where is my order? It has been two weeks.",
        "Thanks, the new headphones are great!",
        "I was charged twice for the same subscription.",
        "this is fucking ridiculous, where is my order",
        "How do I reset my password?",
        "The manual is impossible to understand.",
        "Hej, var är mitt paket?",
        "Tack för hjälpen!",
        "Asiakaspalvelu ei vastaa puhelimeen ollenkaan.",
        "Peruutan tilauksen jos ette vastaa tänään.",
    };

    private List<String> messages;
    private int next;
    private MessageAnalyzer analyzer;
    private Featurizer featurizer;
    private FeatureBuffer buffer;

    @Setup(Level.Trial)
    public void setUp() {
        messages = new ArrayList<>();
        // the team's customer messages cut to their first ~80 characters: short, varied, realistic
        for (String lang : List.of("fi", "en", "sv")) {
            Path file = Path.of("training/customer-messages/" + lang + ".tsv");
            if (!Files.exists(file)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (String line : lines.subList(1, lines.size())) {
                    String[] parts = line.split("\t");
                    if (parts.length >= 5) {
                        String text = parts[4];
                        int cut = text.length() <= 80 ? text.length() : text.lastIndexOf(' ', 80);
                        messages.add(text.substring(0, cut > 0 ? cut : Math.min(80, text.length())));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (messages.isEmpty()) {
            messages.addAll(List.of(BASE));
        }
        Collections.shuffle(messages, new Random(42));
        analyzer = MessageAnalyzer.loadDefault();
        try (InputStream in = MessageAnalyzer.class.getResourceAsStream("/analysis/lexicon.tsv");
                InputStream abuse = MessageAnalyzer.class.getResourceAsStream("/analysis/abuse-words.tsv")) {
            featurizer = new Featurizer(18, Lexicon.read(in), Lexicon.read(abuse));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer = new FeatureBuffer();
    }

    private String nextMessage() {
        String m = messages.get(next);
        next = next + 1 == messages.size() ? 0 : next + 1;
        return m;
    }

    /** Everything the desk computes per message: all tasks, urgency and explanations. */
    @Benchmark
    public Analysis fullAnalysis() {
        return analyzer.analyze(nextMessage());
    }

    /** Start-up cost: reading the bundled models (one call per measurement). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public MessageAnalyzer loadModels() {
        return MessageAnalyzer.loadDefault();
    }

    /** Baseline: tokenising, stemming and hashing only. */
    @Benchmark
    public int featurizeOnly() {
        featurizer.featurize(nextMessage(), buffer);
        return buffer.size();
    }
}
