package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The sign-in throttle, on the real database that all nodes share. */
class LoginThrottleTest extends DeskTest {

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

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UserAccounts accounts;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    TestWorkspaces workspaces;

    MovableClock clock = new MovableClock();

    LoginThrottle throttle() {
        return new LoginThrottle(jdbc, Duration.ofMinutes(15), clock);
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fi";
    }

    @Test
    void locksAnAccountAfterFiveFailuresUntilTheWindowPasses() {
        LoginThrottle throttle = throttle();
        String anna = unique("anna");
        for (int i = 0; i < 4; i++) throttle.failed(anna.toUpperCase(), "192.0.2.1");
        assertThat(throttle.locked(anna, "192.0.2.2")).isFalse();
        throttle.failed(anna, "192.0.2.3");
        assertThat(throttle.locked(" " + anna.toUpperCase() + " ", "192.0.2.4")).isTrue();
        assertThat(throttle.locked(unique("other"), "192.0.2.4")).isFalse();

        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(throttle.locked(anna, "192.0.2.4")).isFalse();
    }

    @Test
    void aSuccessfulSignInClearsTheAccountsCount() {
        LoginThrottle throttle = throttle();
        String bob = unique("bob");
        for (int i = 0; i < 4; i++) throttle.failed(bob, "192.0.2.10");
        throttle.succeeded(bob);
        throttle.failed(bob, "192.0.2.10");
        assertThat(throttle.locked(bob, "192.0.2.11")).isFalse();
    }

    @Test
    void theLockKeyIsTheDatabasesOwnFoldingOfTheNormalisedEmail() {
        LoginThrottle throttle = throttle();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String viewer = "viewer-" + tag + "@example.fi";
        for (int i = 0; i < 5; i++) throttle.failed(viewer, "192.0.2.20");
        // U+0130 (capital I with dot) folds to 'i' in the database but to "i̇" in Java's root locale.
        assertThat(throttle.locked("vİewer-" + tag + "@example.fi", "192.0.2.21"))
                .isTrue();
        // Compatibility forms (full-width letters) are the same address after NFKC.
        assertThat(throttle.locked("ｖｉｅｗｅｒ-" + tag + "@example.fi", "192.0.2.21"))
                .isTrue();
    }

    @Test
    void anAddressGuessingAtManyAccountsIsLockedForEveryAccount() {
        LoginThrottle throttle = throttle();
        String address = "2001:db8::" + UUID.randomUUID().toString().substring(0, 4);
        for (int i = 0; i < LoginThrottle.MAX_ADDRESS_FAILURES; i++) throttle.failed(unique("guess" + i), address);
        String innocent = unique("innocent");
        assertThat(throttle.locked(innocent, address)).isTrue();
        assertThat(throttle.locked(innocent, "2001:db8::ffff:1")).isFalse();
    }

    @Test
    void manyOtherFailuresDoNotLiftALock() {
        // The per-node throttle forgot every lock once 100,000 emails had failures; counts in the database
        // are only ever dropped when their own window has passed.
        LoginThrottle throttle = throttle();
        String locked = unique("locked");
        for (int i = 0; i < 5; i++) throttle.failed(locked, "192.0.2.30");
        for (int i = 0; i < 300; i++) throttle.failed(unique("flood" + i), "192.0.2." + (40 + i % 100));
        assertThat(throttle.cleanup()).isGreaterThanOrEqualTo(0);
        assertThat(throttle.locked(locked, "192.0.2.31")).isTrue();
    }

    @Test
    void theCleanupDeletesOnlyPassedWindows() {
        LoginThrottle throttle = throttle();
        String old = unique("old");
        throttle.failed(old, "192.0.2.50");
        clock.now = clock.now.plus(Duration.ofMinutes(20));
        String fresh = unique("fresh");
        for (int i = 0; i < 5; i++) throttle.failed(fresh, "192.0.2.51");
        assertThat(throttle.cleanup()).isGreaterThanOrEqualTo(1);
        long oldRows = workspaces
                .owner()
                .sql("select count(*) from sign_in_failure where key = ?")
                .param(old)
                .query(Long.class)
                .single();
        assertThat(oldRows).isZero();
        assertThat(throttle.locked(fresh, "192.0.2.52")).isTrue();
    }

    @Test
    void aLockedAccountIsAnsweredAfterTheSamePasswordCheckAsAWrongPassword() {
        TestWorkspace ws = workspaces.create("Lukittu Oy");
        AtomicInteger checks = new AtomicInteger();
        PasswordEncoder counting = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return encoder.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String hash) {
                checks.incrementAndGet();
                return encoder.matches(raw, hash);
            }
        };
        LoginThrottle throttle = throttle();
        ThrottledAuthenticationProvider provider = new ThrottledAuthenticationProvider(accounts, counting, throttle);

        assertThatThrownBy(() -> provider.authenticate(attempt(ws.agentEmail(), "wrong")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(checks.get()).isEqualTo(1);
        for (int i = 0; i < 4; i++) throttle.failed(ws.agentEmail(), "192.0.2.60");

        checks.set(0);
        assertThatThrownBy(() -> provider.authenticate(attempt(ws.agentEmail(), ws.password())))
                .isInstanceOf(LockedException.class);
        assertThat(checks.get()).as("the right password is still checked").isEqualTo(1);
        checks.set(0);
        assertThatThrownBy(() -> provider.authenticate(attempt(ws.agentEmail(), "wrong again")))
                .isInstanceOf(LockedException.class);
        assertThat(checks.get()).as("a wrong password is checked the same way").isEqualTo(1);
    }

    @Test
    void aDisabledAccountAnswersAWrongPasswordLikeAnyOther() {
        TestWorkspace ws = workspaces.create("Suljettu Oy");
        workspaces
                .owner()
                .sql("update app_user set enabled = false where id = ?")
                .param(ws.agentId())
                .update();
        AtomicInteger checks = new AtomicInteger();
        ThrottledAuthenticationProvider provider =
                new ThrottledAuthenticationProvider(accounts, counting(checks), throttle());
        assertThatThrownBy(() -> provider.authenticate(attempt(ws.agentEmail(), "wrong")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(checks.get()).isEqualTo(1);
        assertThatThrownBy(() -> provider.authenticate(attempt(ws.agentEmail(), ws.password())))
                .isInstanceOf(DisabledException.class);
    }

    private PasswordEncoder counting(AtomicInteger checks) {
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return encoder.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String hash) {
                checks.incrementAndGet();
                return encoder.matches(raw, hash);
            }
        };
    }

    @Test
    void aNewlineInTheEmailCannotForgeALogLine() {
        Logger logger = (Logger) LoggerFactory.getLogger(LoginThrottle.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            LoginThrottle throttle = throttle();
            String forged = unique("x") + "\n2026-11-23 INFO  Sign-in succeeded for admin@mokadesk.local\u2028";
            for (int i = 0; i < 5; i++) throttle.failed(forged, "192.0.2.70");
            assertThat(appender.list).hasSize(1);
            String line = appender.list.get(0).getFormattedMessage();
            assertThat(line)
                    .startsWith("Sign-in locked for ")
                    .doesNotContain("\n")
                    .doesNotContain("\u2028");
            assertThat(line).contains("\\n2026-11-23 INFO").contains("\\u2028");
        } finally {
            logger.detachAppender(appender);
        }
    }

    private static UsernamePasswordAuthenticationToken attempt(String email, String password) {
        UsernamePasswordAuthenticationToken token =
                UsernamePasswordAuthenticationToken.unauthenticated(email, password);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("192.0.2.60");
        token.setDetails(new WebAuthenticationDetails(request));
        return token;
    }
}
