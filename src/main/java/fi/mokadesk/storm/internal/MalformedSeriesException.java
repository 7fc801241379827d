package fi.mokadesk.storm.internal;

/** A series file that does not follow the expected CSV form; carries the 1-based line number. */
public final class MalformedSeriesException extends RuntimeException {

    private final int line;

    public MalformedSeriesException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
