package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StormsCommandTest {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return StormsCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path seriesFile(String name, long[] counts) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,value");
        LocalDateTime t = LocalDateTime.of(2026, 3, 2, 0, 0, 7);
        for (long count : counts) {
            lines.add(FORMAT.format(t) + "," + count);
            t = t.plusMinutes(5);
        }
        return Files.write(dir.resolve(name), lines);
    }

    private static long[] seriesWithBurst() {
        int onset = 3 * SyntheticSeries.PER_DAY + 50;
        return SyntheticSeries.poisson(4 * SyntheticSeries.PER_DAY, 31, i -> i >= onset && i < onset + 6 ? 40 : 3);
    }

    @Test
    void writesOneRowPerInputRowWithScoreAndAlarm() throws IOException {
        Path input = seriesFile("series.csv", seriesWithBurst());
        Path output = dir.resolve("alarms.csv");

        assertThat(run("--input", input.toString(), "--output", output.toString()))
                .isZero();

        List<String> in = Files.readAllLines(input);
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSameSizeAs(in);
        assertThat(lines.get(0)).isEqualTo("timestamp,score,alarm");
        int alarms = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            assertThat(cells).hasSize(3);
            assertThat(cells[0]).isEqualTo(in.get(i).split(",")[0]);
            assertThat(Double.parseDouble(cells[1])).isBetween(0.0, 1.0);
            assertThat(cells[2]).isIn("0", "1");
            alarms += Integer.parseInt(cells[2]);
        }
        assertThat(alarms).isEqualTo(1);
        assertThat(stderr()).contains("1 storm alarms");
    }

    @Test
    void bucketLengthIsTakenFromTheFirstGapUnlessGiven() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,value");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        LocalDateTime t = LocalDateTime.of(2026, 3, 2, 0, 0);
        int burst = 20 * 24 + 15;
        for (int i = 0; i < 28 * 24; i++) {
            double mean = 40 * (1 + 0.7 * Math.sin(2 * Math.PI * (i % 24 - 8) / 24.0));
            lines.add(FORMAT.format(t.plusHours(i)) + ","
                    + SyntheticSeries.poisson(random, i == burst ? 4 * mean : mean));
        }
        Path input = Files.write(dir.resolve("hourly.csv"), lines);
        Path output = dir.resolve("hourly-alarms.csv");
        assertThat(run("--input", input.toString(), "--output", output.toString()))
                .isZero();
        List<String> out = Files.readAllLines(output);
        List<Integer> alarms = new ArrayList<>();
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).endsWith(",1")) {
                alarms.add(i - 1);
            }
        }
        assertThat(alarms).contains(burst).hasSizeLessThanOrEqualTo(5);

        assertThat(StormsCommand.inferBucket(row(0), row(300))).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(StormsCommand.inferBucket(row(0), row(3 * 86_400))).isEqualTo(StormsCommand.DEFAULT_BUCKET);
        assertThat(run("--input", input.toString(), "--output", output.toString(), "--bucket-minutes", "60"))
                .isZero();
        assertThat(Files.readAllLines(output)).isEqualTo(out);
    }

    private static fi.mokadesk.storm.internal.SeriesCsv.Row row(long second) {
        return new fi.mokadesk.storm.internal.SeriesCsv.Row(
                1, "", java.time.Instant.ofEpochSecond(1_700_000_000L + second), 1);
    }

    @Test
    void truncatingTheInputNeverChangesEarlierOutputRows() throws IOException {
        long[] counts = seriesWithBurst();
        Path full = dir.resolve("full.csv");
        run("--input", seriesFile("in-full.csv", counts).toString(), "--output", full.toString());
        List<String> fullLines = Files.readAllLines(full);
        for (int cut : new int[] {10, 900, 3 * SyntheticSeries.PER_DAY + 52}) {
            Path part = dir.resolve("part-" + cut + ".csv");
            Path input = seriesFile("in-" + cut + ".csv", java.util.Arrays.copyOf(counts, cut));
            assertThat(run("--input", input.toString(), "--output", part.toString()))
                    .isZero();
            assertThat(Files.readAllLines(part)).isEqualTo(fullLines.subList(0, cut + 1));
        }
    }

    @Test
    void acceptsQuotesCrlfBlankLinesAndDecimalCounts() throws IOException {
        Path input = dir.resolve("windows.csv");
        Files.writeString(
                input,
                "\uFEFF\"timestamp\",\"value\"\r\n2026-01-01 00:00:00,3\r\n\r\n\"2026-01-01 00:05:00\",\"4.0\"\r\n"
                        + "2026-01-01T00:10:00.000,2\r\n");
        Path output = dir.resolve("out.csv");
        assertThat(run("--input", input.toString(), "--output", output.toString()))
                .isZero();
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).startsWith("2026-01-01 00:05:00,");
        assertThat(lines.get(3)).startsWith("2026-01-01T00:10:00.000,");
    }

    @Test
    void malformedRowIsReportedWithItsLineAndLeavesNoOutput() throws IOException {
        Path output = dir.resolve("out.csv");
        String[][] cases = {
            {"timestamp,value\n2026-01-01 00:00:00,3\n2026-01-01 00:05:00,many\n", "line 3", "not a number"},
            {"timestamp,value\n2026-01-01 00:00:00,3\n2026-01-01 00:05:00\n", "line 3", "expected 2 fields"},
            {"timestamp,value\n2026-01-01 00:00:00,3\n01.01.2026 00:05,4\n", "line 3", "yyyy-MM-dd HH:mm:ss"},
            {"timestamp,value\n2026-01-01 00:00:00,-3\n", "line 2", "negative"},
            {"timestamp,value\n2026-01-01 00:05:00,3\n2026-01-01 00:00:00,4\n", "line 3", "ascending"},
            {"time,count\n2026-01-01 00:00:00,3\n", "line 1", "header"},
            {"", "line 1", "empty"},
        };
        for (String[] c : cases) {
            Path input = Files.writeString(dir.resolve("bad.csv"), c[0]);
            assertThat(run("--input", input.toString(), "--output", output.toString()))
                    .as(c[0])
                    .isEqualTo(4);
            assertThat(stderr()).as(c[0]).contains(c[1]).contains(c[2]);
            assertThat(output).as(c[0]).doesNotExist();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(".storms-")))
                    .isEmpty();
        }
    }

    @Test
    void badArgumentsAndUnreadableFilesFailWithAMessage() throws IOException {
        Path input = seriesFile("ok.csv", new long[] {1, 2, 3});
        String out = dir.resolve("o.csv").toString();

        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).contains("--input and --output are required").contains("usage:");
        assertThat(run("--input", input.toString())).isEqualTo(2);
        assertThat(run("--input", input.toString(), "--output")).isEqualTo(2);
        assertThat(stderr()).contains("missing value after --output");
        assertThat(run("--input", input.toString(), "--output", out, "--colour", "red"))
                .isEqualTo(2);
        assertThat(stderr()).contains("unknown option --colour");
        assertThat(run("--input", input.toString(), "--output", out, "--zone", "Mars/Olympus"))
                .isEqualTo(2);
        assertThat(run("--input", input.toString(), "--output", out, "--bucket-minutes", "0"))
                .isEqualTo(2);

        assertThat(run("--input", dir.resolve("missing.csv").toString(), "--output", out))
                .isEqualTo(3);
        assertThat(stderr()).contains("cannot read input file");
        assertThat(run("--input", dir.toString(), "--output", out)).isEqualTo(3);
        assertThat(run(
                        "--input",
                        input.toString(),
                        "--output",
                        dir.resolve("no/such/dir/o.csv").toString()))
                .isEqualTo(3);
        assertThat(stderr()).contains("storms:");

        assertThat(run("--help")).isZero();
        assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("usage: storms");
        assertThat(run("--input", input.toString(), "--output", out, "--zone", "Europe/Helsinki"))
                .isZero();
    }

    @Test
    void plotIsAPngOfTheSeriesWithTheAlarmMarkedInRed() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,value");
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        LocalDateTime t = LocalDateTime.of(2026, 3, 2, 0, 0);
        int burst = 3 * 288 + 100;
        for (int i = 0; i < 4 * 288; i++) {
            lines.add(FORMAT.format(t.plusMinutes(5L * i)) + ","
                    + (i >= burst && i < burst + 6 ? 60 : SyntheticSeries.poisson(random, 4)));
        }
        Path input = Files.write(dir.resolve("replay.csv"), lines);
        Path png = dir.resolve("replay.png");
        assertThat(run("--input", input.toString(), "--plot", png.toString())).isZero();
        assertThat(stderr()).contains("replay.png");
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().startsWith(".storms-")))
                .isEmpty();

        byte[] bytes = Files.readAllBytes(png);
        assertThat(java.util.Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(400);
        // the alarm's red marker stands where the burst is on the time axis
        int x = 60 + (int) Math.round((1200 - 60 - 15) * burst / (4.0 * 288 - 1));
        boolean red = false;
        for (int dx = -3; dx <= 3; dx++) {
            int rgb = image.getRGB(x + dx, 200);
            red |= ((rgb >> 16) & 0xFF) > 180 && ((rgb >> 8) & 0xFF) < 90 && (rgb & 0xFF) < 90;
        }
        assertThat(red).as("red alarm line near x=%d", x).isTrue();

        // --output and --plot together write both
        Path csv = dir.resolve("replay-alarms.csv");
        assertThat(run("--input", input.toString(), "--output", csv.toString(), "--plot", png.toString()))
                .isZero();
        assertThat(Files.readAllLines(csv)).hasSize(4 * 288 + 1);
    }
}
