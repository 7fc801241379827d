package fi.mokadesk.workspace;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
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
    private final Environment environment;

    FirstStart(
            Workspaces workspaces,
            FirstStartProperties properties,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            Environment environment) {
        this.workspaces = workspaces;
        this.properties = properties;
        this.transaction = transaction;
        this.events = events;
        this.environment = environment;
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
            if (bootstrapToken() != null) {
                workspaces.storeToken(workspace, "bootstrap", Role.ADMIN, bootstrapToken());
            }
            return new DeskInitialized(workspace, admin);
        });
        log.info("Created workspace '{}' and admin {}", properties.workspaceName(), properties.adminEmail());
        // Printed once, on purpose: the only way to learn a password nobody configured. The token is never
        // printed; whoever set it knows it.
        StringBuilder text = new StringBuilder()
                .append(String.format("%n=== Mokadesk first start ===%n"))
                .append(String.format("Sign in at %s as %s ", signInUrl(), properties.adminEmail()));
        if (generated) {
            text.append(String.format(
                    "with password: %s%n(shown only now; set MOKADESK_ADMIN_PASSWORD to choose it)%n", password));
        } else {
            text.append(String.format("with the configured password (MOKADESK_ADMIN_PASSWORD)%n"));
        }
        if (bootstrapToken() != null) {
            text.append(String.format(
                    "The API token from MOKADESK_BOOTSTRAP_TOKEN is installed as admin token 'bootstrap' of '%s'%n",
                    properties.workspaceName()));
        }
        System.out.println(text);
        events.publishEvent(initialized);
    }

    private String bootstrapToken() {
        String token = properties.bootstrapToken();
        return token == null || token.isBlank() ? null : token.trim();
    }

    /** Where this desk answers, as typed into a browser on the same machine. */
    private String signInUrl() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        if (contextPath.endsWith("/")) contextPath = contextPath.substring(0, contextPath.length() - 1);
        return "http://localhost:" + port + contextPath + "/login";
    }
}
