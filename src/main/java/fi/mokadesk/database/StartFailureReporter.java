package fi.mokadesk.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * A desk that cannot start because another one holds its data directory says so in one line, not in a
 * stack trace that hides the reason at its bottom (registered in {@code META-INF/spring.factories}).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartFailureReporter implements SpringBootExceptionReporter {

    private static final Logger log = LoggerFactory.getLogger("fi.mokadesk");

    @Override
    public boolean reportException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataDirectoryInUse inUse) {
                log.error(inUse.getMessage());
                return true;
            }
        }
        return false;
    }
}
