package fi.mokadesk.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class SecretKeysTest {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    @Test
    void eachPurposeGetsItsOwnStableKey() {
        SecretKeys keys = SecretKeys.load(KEY, dir.resolve("secret.key"));
        byte[] audit = keys.bytes(SecretKeys.AUDIT_CHAIN);
        byte[] channels = keys.bytes(SecretKeys.CHANNEL_SECRETS);
        assertThat(audit).hasSize(32);
        assertThat(channels).hasSize(32);
        assertThat(audit).isNotEqualTo(channels).isNotEqualTo(new byte[32]);
        assertThat(SecretKeys.load(KEY, dir.resolve("other.key")).bytes(SecretKeys.AUDIT_CHAIN))
                .isEqualTo(audit);
        byte[] otherMaster = new byte[32];
        otherMaster[0] = 1;
        assertThat(SecretKeys.of(otherMaster).bytes(SecretKeys.AUDIT_CHAIN)).isNotEqualTo(audit);
        // A configured key writes no file.
        assertThat(dir.resolve("secret.key")).doesNotExist();
        assertThat(keys.source()).isEqualTo(SecretKeys.Source.CONFIGURED);
        assertThatThrownBy(() -> keys.bytes("Audit Chain")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceIntoAnOwnerOnlyFile(CapturedOutput output) throws Exception {
        Path file = dir.resolve("data").resolve("secret.key");
        SecretKeys first = SecretKeys.load("", file);
        assertThat(first.source()).isEqualTo(SecretKeys.Source.GENERATED);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String stored = Files.readString(file).strip();
        assertThat(Base64.getDecoder().decode(stored)).hasSize(32);
        assertThat(output).contains("generated a secret key into " + file.toAbsolutePath());
        assertThat(output).doesNotContain(stored);

        SecretKeys again = SecretKeys.load(null, file);
        assertThat(again.source()).isEqualTo(SecretKeys.Source.LOADED_FROM_FILE);
        assertThat(again.bytes(SecretKeys.AUDIT_CHAIN)).isEqualTo(first.bytes(SecretKeys.AUDIT_CHAIN));
        // The same key given as MOKADESK_SECRET_KEY derives the same keys: moving from file to variable is safe.
        assertThat(SecretKeys.load(stored, dir.resolve("unused")).bytes(SecretKeys.AUDIT_CHAIN))
                .isEqualTo(first.bytes(SecretKeys.AUDIT_CHAIN));
    }

    @Test
    void aWrongKeyIsRefusedWithItsReason() throws Exception {
        assertThatThrownBy(() -> SecretKeys.load("not base64!", dir.resolve("k")))
                .isInstanceOf(SecretKeys.InvalidSecretKey.class)
                .hasMessageContaining("MOKADESK_SECRET_KEY is not valid base64");
        assertThatThrownBy(() -> SecretKeys.load(Base64.getEncoder().encodeToString(new byte[16]), dir.resolve("k")))
                .hasMessageContaining("decodes to 16 bytes; it must be 32");
        Path broken = dir.resolve("broken.key");
        Files.writeString(broken, "c2hvcnQ=");
        assertThatThrownBy(() -> SecretKeys.load(null, broken)).hasMessageContaining(broken.toString());
    }

    @Test
    void theDeskRefusesToStartWithAWrongKeyAndSaysWhyInOneLine(CapturedOutput output) {
        SpringApplication application = new SpringApplication(SecretKeyConfiguration.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run(
                        "--mokadesk.secret-key=" + Base64.getEncoder().encodeToString(new byte[8])))
                .hasRootCauseInstanceOf(SecretKeys.InvalidSecretKey.class);
        assertThat(output)
                .contains("Mokadesk cannot start: MOKADESK_SECRET_KEY decodes to 8 bytes; it must be 32")
                .doesNotContain("\tat fi.mokadesk");
        assertThat(Arrays.stream(output.toString().split("\n"))
                        .filter(line -> line.startsWith("Mokadesk cannot start"))
                        .count())
                .isEqualTo(1);
    }
}
