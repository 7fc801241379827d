package fi.mokadesk.storm.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Streaming reader for count series in CSV form: a header {@code timestamp,value}, then one row
 * per bucket, oldest first, with a timestamp {@code yyyy-MM-dd HH:mm:ss} (a {@code T} instead of
 * the space and a fraction of a second are accepted) and a non-negative count. A count written
 * with decimals is rounded to the nearest whole number. Cells may be wrapped in double quotes;
 * blank lines are skipped. Anything else that does not fit raises {@link
 * MalformedSeriesException} naming the line.
 */
public final class SeriesCsv implements AutoCloseable {

    public static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    /** One parsed row. */
    public record Row(int line, String timestampText, Instant timestamp, long value) {}

    private final BufferedReader reader;
    private final ZoneId zone;
    private int line;
    private Instant previous;

    public SeriesCsv(BufferedReader reader, ZoneId zone) throws IOException {
        this.reader = reader;
        this.zone = zone;
        String header = nextNonBlank();
        if (header == null) {
            throw new MalformedSeriesException(
                    Math.max(line, 1), "the file is empty; expected the header timestamp,value");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        String[] cells = header.split(",", -1);
        if (cells.length != 2
                || !unquote(cells[0]).equalsIgnoreCase("timestamp")
                || !unquote(cells[1]).equalsIgnoreCase("value")) {
            throw new MalformedSeriesException(
                    line, "expected the header timestamp,value but found: " + abbreviate(header));
        }
    }

    /** The next row, or {@code null} at the end of the file. */
    public Row next() throws IOException {
        String text = nextNonBlank();
        if (text == null) {
            return null;
        }
        String[] cells = text.split(",", -1);
        if (cells.length != 2) {
            throw new MalformedSeriesException(
                    line, "expected 2 fields (timestamp,value) but found " + cells.length + ": " + abbreviate(text));
        }
        String stamp = unquote(cells[0]);
        Instant timestamp;
        try {
            timestamp = LocalDateTime.parse(stamp, TIMESTAMP).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedSeriesException(
                    line, "timestamp is not in the form yyyy-MM-dd HH:mm:ss: " + abbreviate(stamp));
        }
        long value = parseCount(unquote(cells[1]));
        if (previous != null && !timestamp.isAfter(previous)) {
            throw new MalformedSeriesException(
                    line, "timestamp " + stamp + " is not after the previous row's; rows must be in ascending order");
        }
        previous = timestamp;
        return new Row(line, stamp, timestamp, value);
    }

    /** Line number of the most recently read line (1 = header). */
    public int line() {
        return line;
    }

    private long parseCount(String text) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException notInteger) {
            double number;
            try {
                number = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new MalformedSeriesException(line, "value is not a number: " + abbreviate(text));
            }
            if (!Double.isFinite(number) || Math.abs(number) >= 9.0e15) {
                throw new MalformedSeriesException(line, "value is not a usable count: " + abbreviate(text));
            }
            value = Math.round(number);
        }
        if (value < 0) {
            throw new MalformedSeriesException(line, "value must not be negative: " + abbreviate(text));
        }
        return value;
    }

    private static String unquote(String cell) {
        String text = cell.trim();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1).trim();
        }
        return text;
    }

    private String nextNonBlank() throws IOException {
        String text;
        do {
            text = reader.readLine();
            if (text == null) {
                return null;
            }
            line++;
        } while (text.isBlank());
        return text;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? "'" + text + "'" : "'" + text.substring(0, 57) + "...'";
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
