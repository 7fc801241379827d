package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.training.Corpus.Row;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Writes the training side (the 80 %) of the XED, Suomi24 and TweetEval splits that {@code train-analysis}
 * uses, as {@code label<TAB>text} files, so that another toolkit can cross-check the analysis on exactly
 * the rows it trains on, without touching the report split ({@code scripts/analysis-crosscheck.sh}).
 *
 * <p>Usage: {@code TrainingSplitDump <data dir> <out dir>}
 */
public final class TrainingSplitDump {
    private TrainingSplitDump() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        for (String lang : List.of("fi", "en")) {
            write(
                    out.resolve("xed-" + lang + ".tsv"),
                    Xed.split(Xed.file(data, lang)),
                    r -> Xed.sentiment(r.get("emotions")));
        }
        write(out.resolve("suomi24.tsv"), Suomi24.split(Suomi24.file(data)), Suomi24::stratum);
        write(out.resolve("tweeteval.tsv"), TweetEval.sentimentSplit(data.resolve("en")), r -> r.get("label"));
    }

    /** The training side of the split the corpus loader itself makes (it is the loader's own method). */
    private static void write(Path file, Corpus.Split split, Function<Row, String> label) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            for (Row r : split.train()) {
                w.println(label.apply(r) + "\t" + r.text().replace('\t', ' ').replace('\n', ' '));
            }
        }
    }
}
