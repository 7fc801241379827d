package fi.mokadesk.storm;

/** Command-line entry point; see the module documentation. */
public final class StormsCommand {
    private StormsCommand() {}

    public static int run(String[] args) {
        System.err.println("this command is being built");
        return 2;
    }
}
