package fi.mokadesk.workspace;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Slows password guessing. Failures are counted in the database, so every node sees the same counts, per
 * account (the email's {@code email_key}, the same key the account is looked up by) and per source
 * address: {@value #MAX_ACCOUNT_FAILURES} failures lock an account, {@value #MAX_ADDRESS_FAILURES} lock an
 * address, each for the rest of a window that starts at its first failure. A recurring job deletes
 * windows that have passed, so a flood of random emails costs rows for one window only.
 */
class LoginThrottle {

    static final int MAX_ACCOUNT_FAILURES = 5;
    static final int MAX_ADDRESS_FAILURES = 30;
    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private record Failures(int account, int address) {
        boolean locked() {
            return account >= MAX_ACCOUNT_FAILURES || address >= MAX_ADDRESS_FAILURES;
        }
    }

    private final JdbcClient jdbc;
    private final Duration window;
    private final Clock clock;

    LoginThrottle(JdbcClient jdbc, Duration window, Clock clock) {
        this.jdbc = jdbc;
        this.window = window;
        this.clock = clock;
    }

    boolean locked(String email, String address) {
        return failures("sign_in_failures", email, address).locked();
    }

    void failed(String email, String address) {
        Failures f = failures("sign_in_failed", email, address);
        if (f.account() == MAX_ACCOUNT_FAILURES) {
            log.warn("Sign-in locked for {} after {} failures", escape(email), f.account());
        }
        if (f.address() == MAX_ADDRESS_FAILURES) {
            log.warn("Sign-in locked for address {} after {} failures", escape(address), f.address());
        }
    }

    void succeeded(String email) {
        jdbc.sql("select sign_in_succeeded(?)").param(text(email)).query().singleRow();
    }

    /** Deletes the counts of windows that have passed; returns how many. */
    int cleanup() {
        return jdbc.sql("select sign_in_cleanup(?, ? * interval '1 second')")
                .params(now(), window.toSeconds())
                .query(Integer.class)
                .single();
    }

    private Failures failures(String function, String email, String address) {
        return jdbc.sql("select account_failures, address_failures from " + function
                        + "(?, ?, ?, ? * interval '1 second')")
                .params(text(email), text(address), now(), window.toSeconds())
                .query((rs, i) -> new Failures(rs.getInt(1), rs.getInt(2)))
                .single();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /**
     * What a person typed, made safe for one log line: control characters (a newline could forge a whole
     * line) become visible escapes, and the length is capped.
     */
    static String escape(String value) {
        if (value == null) return "";
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(200).forEach(c -> {
            if (c == '\\') out.append("\\\\");
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c == '\t') out.append("\\t");
            else if (Character.isISOControl(c)
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                    || Character.getType(c) == Character.FORMAT) out.append(String.format("\\u%04x", c));
            else out.appendCodePoint(c);
        });
        if (value.codePointCount(0, value.length()) > 200) out.append('…');
        return out.toString();
    }
}
