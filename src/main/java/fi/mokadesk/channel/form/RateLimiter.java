package fi.mokadesk.channel.form;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} submissions per sender address and form in a fixed window. Kept in memory, per node:
 * it stops a script hammering a form, it is not an accounting. A proxy in front must pass the client's
 * address ({@code server.forward-headers-strategy}), or every customer shares the proxy's.
 */
final class RateLimiter {

    private record Window(long start, int count) {}

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter(int limit, long windowMillis, Clock clock) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /** Counts one submission; empty when it may go on, else the seconds until the sender may try again. */
    OptionalLong take(String sender, String form) {
        long now = clock.millis();
        if (windows.size() > 100_000)
            windows.entrySet().removeIf(e -> e.getValue().start() + windowMillis <= now);
        Window w = windows.compute(
                sender + " " + form,
                (k, old) -> old == null || old.start() + windowMillis <= now
                        ? new Window(now, 1)
                        : new Window(old.start(), old.count() + 1));
        if (w.count() <= limit) return OptionalLong.empty();
        return OptionalLong.of(Math.max(1, (w.start() + windowMillis - now + 999) / 1000));
    }
}
