package fi.mokadesk.database;

import java.nio.file.Path;
import org.springframework.boot.ExitCodeGenerator;

/** Another running Mokadesk holds the data directory; this one must not start on it. */
final class DataDirectoryInUse extends RuntimeException implements ExitCodeGenerator {

    DataDirectoryInUse(Path dataDir) {
        super("Another Mokadesk is using " + dataDir + "; stop it or set MOKADESK_DATA_DIR", null, false, false);
    }

    @Override
    public int getExitCode() {
        return 1;
    }
}
