package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    static class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void locksAnEmailAfterFiveFailuresUntilTheWindowPasses() {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(Duration.ofMinutes(15), clock);
        for (int i = 0; i < 4; i++) throttle.failed("Anna@Example.fi");
        assertThat(throttle.locked("anna@example.fi")).isFalse();
        throttle.failed("anna@example.fi");
        assertThat(throttle.locked("ANNA@example.fi")).isTrue();
        assertThat(throttle.locked("other@example.fi")).isFalse();

        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(throttle.locked("anna@example.fi")).isFalse();
    }

    @Test
    void aSuccessfulSignInClearsTheCount() {
        LoginThrottle throttle = new LoginThrottle(Duration.ofMinutes(15), new MovableClock());
        for (int i = 0; i < 4; i++) throttle.failed("bob@example.fi");
        throttle.succeeded("bob@example.fi");
        throttle.failed("bob@example.fi");
        assertThat(throttle.locked("bob@example.fi")).isFalse();
    }
}
