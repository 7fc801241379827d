package fi.mokadesk.secret;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The master key from {@code mokadesk.secret-key}, else from {@code mokadesk.secret-key-file}. */
@Configuration(proxyBeanMethods = false)
class SecretKeyConfiguration {

    @Bean
    SecretKeys secretKeys(
            @Value("${mokadesk.secret-key:}") String configured,
            @Value("${mokadesk.secret-key-file:${mokadesk.db.data-dir:./data}/secret.key}") String keyFile) {
        return SecretKeys.load(configured, Path.of(keyFile));
    }
}

/** A wrong key stops the desk with its reason instead of a stack trace (registered in spring.factories). */
class InvalidSecretKeyAnalyzer extends AbstractFailureAnalyzer<SecretKeys.InvalidSecretKey> {

    @Override
    protected FailureAnalysis analyze(Throwable root, SecretKeys.InvalidSecretKey cause) {
        return new FailureAnalysis(
                "Mokadesk cannot start: " + cause.getMessage(),
                "Set MOKADESK_SECRET_KEY to the base64 of 32 random bytes (`openssl rand -base64 32`), or unset it"
                        + " to use the key file in the data directory.",
                cause);
    }
}
