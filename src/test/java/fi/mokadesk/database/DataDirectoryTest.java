package fi.mokadesk.database;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.ChildDesk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One data directory, one desk: a second desk on it is turned away in one line, and a PostgreSQL left
 * running by a desk whose JVM was killed is stopped cleanly by the next start, which then serves the same
 * data. Each desk runs in its own JVM, as an operator runs it.
 */
class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondDeskOnTheSameDataDirectoryRefusesToStartInOneLine() {
        Path data = tmp.resolve("data");
        try (ChildDesk first = ChildDesk.start(data, Map.of()).awaitReady(Duration.ofSeconds(120));
                ChildDesk second = ChildDesk.start(data, Map.of())) {
            // The first start tells the operator where to sign in, and that the token is in place.
            assertThat(first.output())
                    .contains("Sign in at http://localhost:" + first.port() + "/login as admin@mokadesk.local")
                    .contains("MOKADESK_BOOTSTRAP_TOKEN is installed")
                    .doesNotContain(ChildDesk.TOKEN);

            assertThat(second.awaitExit(Duration.ofSeconds(90))).isNotZero();
            String expected =
                    "Another Mokadesk is using " + data.toAbsolutePath() + "; stop it or set MOKADESK_DATA_DIR";
            assertThat(second.output()).contains(expected);
            assertThat(second.output().lines().filter(l -> l.contains("Another Mokadesk")))
                    .hasSize(1);
            assertThat(second.output()).doesNotContain("\tat ").doesNotContain("Exception");

            // The first desk goes on undisturbed.
            assertThat(first.api()
                            .post("/api/v1/messages", "{\"externalId\":\"after\",\"text\":\"Vielä täällä?\"}")
                            .status())
                    .isEqualTo(201);
        }
    }

    @Test
    void aDatabaseLeftRunningByAKilledDeskIsStoppedByTheNextStart() {
        Path data = tmp.resolve("data");
        ChildDesk first = ChildDesk.start(data, Map.of()).awaitReady(Duration.ofSeconds(120));
        try {
            assertThat(first.api()
                            .post("/api/v1/messages", "{\"externalId\":\"before\",\"text\":\"Ennen kaatumista\"}")
                            .status())
                    .isEqualTo(201);
            first.killJvm();
            // The JVM is gone; its PostgreSQL is not (it is no child of the JVM).
            ProcessHandle orphan =
                    first.postmaster().orElseThrow(() -> new AssertionError("expected PostgreSQL to outlive the JVM"));

            try (ChildDesk second = ChildDesk.start(data, Map.of()).awaitReady(Duration.ofSeconds(120))) {
                assertThat(orphan.isAlive()).isFalse();
                assertThat(second.output())
                        .contains("Stopping the PostgreSQL server (pid " + orphan.pid()
                                + ") that an earlier Mokadesk left running on " + data.toAbsolutePath())
                        .doesNotContain("could not start server")
                        .doesNotContain("another server might be running");
                assertThat(second.api().get("/api/v1/conversations").body()).contains("Ennen kaatumista");

                // A clean stop takes the database down with the desk, after the desk: the server stops once the
                // connection pools have closed, not while workers may still be inside a transaction.
                second.stop();
                assertThat(second.postmaster()).isEmpty();
                String output = second.output();
                int poolsClosed = output.lastIndexOf("Shutdown completed.");
                int serverStopped = output.indexOf("shut down postmaster");
                assertThat(poolsClosed).as(output).isPositive();
                assertThat(serverStopped).as(output).isGreaterThan(poolsClosed);
                assertThat(output).doesNotContain("terminating connection due to administrator command");
            }
        } finally {
            first.close();
        }
    }
}
