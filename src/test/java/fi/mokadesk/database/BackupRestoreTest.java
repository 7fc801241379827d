package fi.mokadesk.database;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.ChildDesk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore as an operator runs them: {@code backup} while the desk runs and while it is stopped,
 * {@code restore} into a fresh data directory, and a desk started there has the messages of the backup.
 * Neither command overwrites anything.
 */
@Tag("fault")
class BackupRestoreTest {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void aBackupTakenWhileTheDeskRunsRestoresIntoAFreshDataDirectory() throws Exception {
        Path original = tmp.resolve("original");
        Path online = tmp.resolve("online.zip");
        Path offline = tmp.resolve("offline.zip");
        try (ChildDesk desk = ChildDesk.start(original, Map.of()).awaitReady(START)) {
            for (int i = 1; i <= 3; i++) {
                assertThat(desk.api()
                                .post(
                                        "/api/v1/messages",
                                        "{\"externalId\":\"kept-" + i + "\",\"text\":\"Varmuuskopioitu viesti " + i
                                                + "\"}")
                                .status())
                        .isEqualTo(201);
            }
            ChildDesk.Result backup = command(original, "backup", "--out", online.toString());
            assertThat(backup.exitCode()).as(backup.output()).isZero();
            assertThat(backup.output()).contains("the desk was running").contains(online.toString());

            assertThat(desk.api()
                            .post("/api/v1/messages", "{\"externalId\":\"later\",\"text\":\"Kopion jälkeen\"}")
                            .status())
                    .isEqualTo(201);
            ChildDesk.Result again = command(original, "backup", "--out", online.toString());
            assertThat(again.exitCode()).isEqualTo(3);
            assertThat(again.output()).contains("exists already");
            desk.stop();
        }

        ChildDesk.Result stopped = command(original, "backup", "--out", offline.toString());
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        assertThat(stopped.output()).contains("the desk was stopped");

        ChildDesk.Result overwrite = command(original, "restore", "--from", online.toString());
        assertThat(overwrite.exitCode()).isEqualTo(3);
        assertThat(overwrite.output()).contains("already holds a database");

        Path restored = tmp.resolve("restored");
        ChildDesk.Result restore = command(restored, "restore", "--from", online.toString());
        assertThat(restore.exitCode()).as(restore.output()).isZero();
        assertThat(restore.output()).contains("1 workspaces, 3 messages");

        ChildDesk.Result restoreOffline =
                command(tmp.resolve("restored-offline"), "restore", "--from", offline.toString());
        assertThat(restoreOffline.exitCode()).as(restoreOffline.output()).isZero();
        assertThat(restoreOffline.output()).contains("1 workspaces, 4 messages");

        try (ChildDesk desk = ChildDesk.start(restored, Map.of()).awaitReady(START)) {
            String inbox = desk.api().get("/api/v1/conversations").body();
            assertThat(inbox)
                    .contains("Varmuuskopioitu viesti 1", "Varmuuskopioitu viesti 2", "Varmuuskopioitu viesti 3")
                    .doesNotContain("Kopion jälkeen");
            // The restored desk knows what it has: a re-delivery is recognised, not stored twice.
            assertThat(desk.api()
                            .post(
                                    "/api/v1/messages",
                                    "{\"externalId\":\"kept-1\",\"text\":\"Varmuuskopioitu viesti 1\"}")
                            .status())
                    .isEqualTo(200);
        }
        assertThat(Files.exists(original.resolve("postgres").resolve("PG_VERSION")))
                .isTrue();
    }

    private ChildDesk.Result command(Path dataDir, String... args) {
        return ChildDesk.run(tmp, Map.of("MOKADESK_DATA_DIR", dataDir.toString()), args);
    }
}
