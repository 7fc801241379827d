package fi.mokadesk.analysis;

/** Command-line entry point; see the module documentation. */
public final class ClassifyCommand {
    private ClassifyCommand() {}

    public static int run(String[] args) {
        System.err.println("this command is being built");
        return 2;
    }
}
