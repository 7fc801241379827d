package fi.mokadesk.workspace;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the very first start creates.
 *
 * @param adminEmail the first admin's email ({@code MOKADESK_ADMIN_EMAIL})
 * @param adminPassword their password ({@code MOKADESK_ADMIN_PASSWORD}); generated and printed once if blank
 * @param bootstrapToken becomes an admin API token of the first workspace ({@code MOKADESK_BOOTSTRAP_TOKEN})
 * @param workspaceName name of the first workspace ({@code MOKADESK_WORKSPACE_NAME})
 */
@ConfigurationProperties("mokadesk")
record FirstStartProperties(String adminEmail, String adminPassword, String bootstrapToken, String workspaceName) {

    FirstStartProperties {
        if (adminEmail == null || adminEmail.isBlank()) adminEmail = "admin@mokadesk.local";
        if (workspaceName == null || workspaceName.isBlank()) workspaceName = "Mokadesk";
    }
}
