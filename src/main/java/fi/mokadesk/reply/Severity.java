package fi.mokadesk.reply;

/** A blocking finding stops a public reply from being sent; a warning only informs the author. */
public enum Severity {
    BLOCKING("blocking"),
    WARNING("warning");

    private final String id;

    Severity(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
