package fi.mokadesk.workspace;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** On an empty database: the first workspace, its admin and (if configured) the bootstrap token. */
@Component
@Order(0)
@EnableConfigurationProperties(FirstStartProperties.class)
class FirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    private final Workspaces workspaces;
    private final FirstStartProperties properties;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    FirstStart(
            Workspaces workspaces,
            FirstStartProperties properties,
            TransactionTemplate transaction,
            ApplicationEventPublisher events) {
        this.workspaces = workspaces;
        this.properties = properties;
        this.transaction = transaction;
        this.events = events;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (workspaces.anyUser()) return;
        boolean generated =
                properties.adminPassword() == null || properties.adminPassword().isBlank();
        String password = generated ? Workspaces.generatePassword() : properties.adminPassword();
        DeskInitialized initialized = transaction.execute(status -> {
            UUID workspace = workspaces.createWorkspace(properties.workspaceName());
            UUID admin = workspaces.createFirstAdmin(workspace, properties.adminEmail(), "Admin", password, generated);
            String token = properties.bootstrapToken();
            if (token != null && !token.isBlank()) {
                workspaces.storeToken(workspace, "bootstrap", Role.ADMIN, token.trim());
            }
            return new DeskInitialized(workspace, admin);
        });
        log.info("Created workspace '{}' and admin {}", properties.workspaceName(), properties.adminEmail());
        if (generated) {
            // Printed once, on purpose: the only way to learn a password nobody configured.
            System.out.printf(
                    "%n=== Mokadesk first start ===%nSign in at /login as %s with password: %s%n"
                            + "(shown only now; set MOKADESK_ADMIN_PASSWORD to choose it)%n%n",
                    properties.adminEmail(), password);
        }
        events.publishEvent(initialized);
    }
}
