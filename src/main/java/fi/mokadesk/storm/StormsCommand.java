package fi.mokadesk.storm;

import fi.mokadesk.storm.internal.MalformedSeriesException;
import fi.mokadesk.storm.internal.SeriesCsv;
import fi.mokadesk.storm.internal.SeriesPlot;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * {@code storms --input series.csv --output alarms.csv [--zone ZONE] [--bucket-minutes N]}:
 * runs the storm detector over one count series and writes {@code timestamp,score,alarm}, one
 * row per input row. Runs without the web server or the database.
 *
 * <p>Exit codes: 0 success, 2 bad arguments, 3 input or output file cannot be read or written,
 * 4 malformed input (the message names the line). On failure no output file is left behind.
 */
public final class StormsCommand {

    static final String USAGE = """
            usage: storms --input SERIES.csv (--output ALARMS.csv | --plot PLOT.png | both)
                          [--zone ZONE] [--bucket-minutes N] [--false-alarms-per-week R]
              --input           CSV with header timestamp,value (yyyy-MM-dd HH:mm:ss, ascending)
              --output          CSV to write: timestamp,score,alarm (one row per input row)
              --plot            PNG to draw: counts, expected count and band, alarms (1200x400)
              --false-alarms-per-week
                                alarm level as expected false alarms a week (default 1.25)
              --zone            time zone of the timestamps, for daily/weekly patterns (default UTC)
              --bucket-minutes  length of one bucket in minutes (default: the gap between the
                                first two rows, or 5 when that gap is over a day)""";

    static final Duration DEFAULT_BUCKET = Duration.ofMinutes(5);

    static final int OK = 0;
    static final int BAD_ARGUMENTS = 2;
    static final int IO_ERROR = 3;
    static final int MALFORMED_INPUT = 4;

    private StormsCommand() {}

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path input = null;
        Path output = null;
        Path plot = null;
        double falseAlarms = StormDetector.Settings.DEFAULT_FALSE_ALARMS_PER_WEEK;
        ZoneId zone = ZoneOffset.UTC;
        boolean explicitBucket = false;
        long bucketMinutes = 0; // 0: take the bucket length from the data
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    out.println(USAGE);
                    return OK;
                }
                if (i + 1 >= args.length) {
                    return usage(err, "missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--input" -> input = Path.of(value);
                    case "--output" -> output = Path.of(value);
                    case "--plot" -> plot = Path.of(value);
                    case "--false-alarms-per-week" -> {
                        falseAlarms = Double.parseDouble(value);
                        if (!(falseAlarms > 0 && falseAlarms <= 100)) {
                            return usage(err, "--false-alarms-per-week must be above 0 and at most 100");
                        }
                    }
                    case "--zone" -> zone = ZoneId.of(value);
                    case "--bucket-minutes" -> {
                        bucketMinutes = Long.parseLong(value);
                        explicitBucket = true;
                    }
                    default -> {
                        return usage(err, "unknown option " + flag);
                    }
                }
            }
        } catch (InvalidPathException e) {
            return usage(err, "invalid path: " + e.getInput());
        } catch (DateTimeException e) {
            return usage(err, "unknown time zone: " + e.getMessage());
        } catch (NumberFormatException e) {
            return usage(err, "--bucket-minutes and --false-alarms-per-week need numbers");
        }
        if (input == null || (output == null && plot == null)) {
            return usage(err, "--input and --output are required (or --plot instead of --output)");
        }
        if (bucketMinutes < 0 || bucketMinutes > 1440 || bucketMinutes == 0 && explicitBucket) {
            return usage(err, "--bucket-minutes must be between 1 and 1440");
        }
        Duration bucket = explicitBucket ? Duration.ofMinutes(bucketMinutes) : null;
        return detect(input, output, plot, bucket, zone, falseAlarms, err);
    }

    private static int usage(PrintStream err, String problem) {
        err.println("storms: " + problem);
        err.println(USAGE);
        return BAD_ARGUMENTS;
    }

    /**
     * The bucket length when none is given: the gap between the first two rows (so every
     * decision still depends only on rows up to its own), or 5 minutes when that gap is not
     * between 1 second and 1 day.
     */
    static Duration inferBucket(SeriesCsv.Row first, SeriesCsv.Row second) {
        Duration gap = Duration.between(first.timestamp(), second.timestamp());
        if (gap.getSeconds() < 1 || gap.compareTo(Duration.ofDays(1)) > 0) {
            return DEFAULT_BUCKET;
        }
        return Duration.ofSeconds(gap.getSeconds());
    }

    private static int write(BufferedWriter writer, SeriesCsv.Row row, StormResult result, SeriesPlot plot)
            throws IOException {
        if (plot != null) {
            plot.add(result.bucketStart(), result.count(), result.expected(), result.upperBand(), result.alarm());
        }
        writer.write(row.timestampText());
        writer.write(String.format(Locale.ROOT, ",%.4f,", result.score()));
        writer.write(result.alarm() ? "1\n" : "0\n");
        return result.alarm() ? 1 : 0;
    }

    private static int detect(
            Path input, Path output, Path plotFile, Duration bucket, ZoneId zone, double falseAlarms, PrintStream err) {
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            err.println("storms: cannot read input file " + input);
            return IO_ERROR;
        }
        // without --output the CSV goes to a temporary file that is dropped at the end
        Path target = output == null ? null : output.toAbsolutePath();
        Path plotTarget = plotFile == null ? null : plotFile.toAbsolutePath();
        SeriesPlot plot = plotFile == null ? null : new SeriesPlot();
        Path temporary = null;
        Path temporaryPlot = null;
        try {
            temporary = target == null
                    ? Files.createTempFile(".storms-", ".csv")
                    : Files.createTempFile(target.getParent(), ".storms-", ".csv");
            int rows = 0;
            int alarms = 0;
            try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8);
                    SeriesCsv csv = new SeriesCsv(reader, zone);
                    BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writer.write("timestamp,score,alarm\n");
                SeriesCsv.Row first = csv.next();
                SeriesCsv.Row row = first == null ? null : csv.next();
                Duration length = bucket != null ? bucket : row == null ? DEFAULT_BUCKET : inferBucket(first, row);
                StormDetector detector = new StormDetector(
                        StormDetector.Settings.forBucket(length).withZone(zone).withFalseAlarmsPerWeek(falseAlarms));
                if (first != null) {
                    alarms += write(writer, first, detector.update(first.timestamp(), first.value()), plot);
                    rows++;
                }
                for (; row != null; row = csv.next()) {
                    alarms += write(writer, row, detector.update(row.timestamp(), row.value()), plot);
                    rows++;
                }
            }
            if (plot != null) {
                temporaryPlot = Files.createTempFile(plotTarget.getParent(), ".storms-", ".png");
                try (var png = Files.newOutputStream(temporaryPlot)) {
                    plot.writePng(
                            png, zone, input.getFileName() + ": " + rows + " buckets, " + alarms + " storm alarms");
                }
                Files.move(temporaryPlot, plotTarget, StandardCopyOption.REPLACE_EXISTING);
            }
            if (target != null) Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            err.printf(
                    Locale.ROOT,
                    "storms: %d rows, %d storm alarms -> %s%n",
                    rows,
                    alarms,
                    output == null ? plotFile : plotFile == null ? output : output + ", " + plotFile);
            return OK;
        } catch (MalformedSeriesException e) {
            err.println("storms: " + input + ": " + e.getMessage());
            return MALFORMED_INPUT;
        } catch (NoSuchFileException e) {
            err.println("storms: no such file or directory: " + e.getFile());
            return IO_ERROR;
        } catch (IOException | RuntimeException e) {
            err.println("storms: cannot process " + input + " -> " + output + ": " + e);
            return IO_ERROR;
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                    if (temporaryPlot != null) Files.deleteIfExists(temporaryPlot);
                } catch (IOException ignored) {
                    // best effort: the temporary file only holds partial output
                }
            }
        }
    }
}
