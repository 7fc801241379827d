package fi.mokadesk.listening;

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

/**
 * Texts per second on one thread against 100 rules of 5 terms each (one-, two- and three-word names
 * of every shape: vowel, consonant, -nen, acronym, with digits). Texts are the team's customer
 * messages (run from the repository root); one in four has a brand name inflected into it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class ListeningBenchmark {
    private static final String[] STEMS = {
        "Aroma", "Kuppi", "Ranta", "Virtanen", "Lumous", "Mokadesk", "Kivi", "Nova", "Sointu", "Lahti",
        "Helmi", "Tähti", "Kataja", "Pajunen", "Kaarna", "Revontuli", "Kide", "Myrsky", "Laine", "Otava"
    };
    private static final String[] FIRST = {"Kahvila", "Leipomo", "Hotelli", "Studio", "Kauppa", "Nordic", "Ravintola"};
    private static final String[] ACRONYMS = {"HSL", "VR", "OP", "YLE", "KELA", "SOK", "DNA", "HOK"};
    private static final String[] ENDINGS = {"", "n", "ssa", "lle", "sta", "kin", "an", "lla"};

    private List<String> texts;
    private int next;
    private KeywordMatcher matcher;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        List<KeywordRule> rules = new ArrayList<>();
        List<String> brandWords = new ArrayList<>();
        for (int r = 0; r < 100; r++) {
            List<String> terms = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                String stem = STEMS[random.nextInt(STEMS.length)] + (r % 4 == 0 ? "" : suffix(r, t));
                terms.add(
                        switch ((r + t) % 5) {
                            case 0 -> stem;
                            case 1 -> FIRST[random.nextInt(FIRST.length)] + " " + stem;
                            case 2 -> ACRONYMS[random.nextInt(ACRONYMS.length)] + r;
                            case 3 -> FIRST[random.nextInt(FIRST.length)] + " " + stem + " " + (r + t);
                            default -> stem + "-kahvila";
                        });
                brandWords.add(stem);
            }
            rules.add(new KeywordRule("rule" + r, terms, List.of(stem(r) + "terapia")));
        }
        matcher = KeywordMatcher.of(rules);
        List<String> base = new ArrayList<>();
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
                        base.add(parts[4].length() <= 160 ? parts[4] : parts[4].substring(0, 160));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (base.isEmpty()) {
            base.add("Paketti ei ole vieläkään tullut, missä se on? Kiitos nopeasta avusta.");
        }
        texts = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            String text = base.get(i);
            if (i % 4 == 0) {
                String brand = brandWords.get(random.nextInt(brandWords.size()));
                text = text + " Kävin " + brand + ENDINGS[random.nextInt(ENDINGS.length)] + " eilen.";
            }
            texts.add(text);
        }
        Collections.shuffle(texts, random);
    }

    private static String suffix(int r, int t) {
        return switch ((r * 7 + t) % 4) {
            case 0 -> "";
            case 1 -> "la";
            case 2 -> "nen";
            default -> "ri";
        };
    }

    private static String stem(int r) {
        return STEMS[r % STEMS.length];
    }

    /** All mentions of all 100 rules in one text. */
    @Benchmark
    public List<Match> matchOneText() {
        String t = texts.get(next);
        next = next + 1 == texts.size() ? 0 : next + 1;
        return matcher.match(t);
    }

    /** Start-up cost: compiling 100 rules of 5 terms into the index. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public KeywordMatcher compileRules() {
        return KeywordMatcher.of(matcher.rules());
    }
}
