package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.training.Corpus.Row;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
            List<Row> rows = new ArrayList<>(
                    Corpus.readTsv(data.resolve(lang).resolve("xed").resolve("train.tsv"), "text"));
            rows.removeIf(r -> Xed.sentiment(r.get("emotions")) == null);
            write(out.resolve("xed-" + lang + ".tsv"), rows, r -> Xed.sentiment(r.get("emotions")));
        }
        List<Row> suomi24 =
                Corpus.readTsv(data.resolve("fi").resolve("suomi24-toxicity").resolve("train.tsv"), "text");
        write(out.resolve("suomi24.tsv"), suomi24, r -> r.get("label") + "/" + r.get("applies"));
        List<Row> tweets =
                Corpus.readTsv(data.resolve("en").resolve("tweeteval-sentiment").resolve("train.tsv"), "text");
        write(out.resolve("tweeteval.tsv"), tweets, r -> r.get("label"));
    }

    /** The training side of the same stratified split as the corpus loaders (same strata, share and seed). */
    private static void write(Path file, List<Row> rows, Function<Row, String> label) throws IOException {
        Corpus.Split split = Corpus.split(rows, label, TrainingCorpus.REPORT_SHARE, TrainingCorpus.SEED);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            for (Row r : split.train()) {
                w.println(label.apply(r) + "\t" + r.text().replace('\t', ' ').replace('\n', ' '));
            }
        }
    }
}
