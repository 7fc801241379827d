package fi.mokadesk.workspace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows password guessing: after {@value #MAX_FAILURES} failed sign-ins for one email within the window,
 * that email is locked out for the rest of the window. Kept per node; a cluster multiplies the attempts
 * by its node count at most.
 */
class LoginThrottle {

    static final int MAX_FAILURES = 5;
    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private record Failures(int count, Instant since) {}

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final Duration window;
    private final Clock clock;

    LoginThrottle(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    boolean locked(String email) {
        Failures f = failures.get(key(email));
        if (f == null) return false;
        if (f.since().plus(window).isBefore(clock.instant())) {
            failures.remove(key(email), f);
            return false;
        }
        return f.count() >= MAX_FAILURES;
    }

    void failed(String email) {
        Instant now = clock.instant();
        Failures f = failures.merge(
                key(email),
                new Failures(1, now),
                (old, one) ->
                        old.since().plus(window).isBefore(now) ? one : new Failures(old.count() + 1, old.since()));
        if (f.count() == MAX_FAILURES) log.warn("Sign-in locked for {} after {} failures", email, f.count());
        if (failures.size() > 100_000) failures.clear(); // a flood of random emails must not exhaust memory
    }

    void succeeded(String email) {
        failures.remove(key(email));
    }

    private static String key(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }
}
