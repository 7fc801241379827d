package fi.mokadesk.storm;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A workspace's storm settings: where chat notifications go, and whether leads and admins get email. */
record StormSettings(String chatWebhookUrl, boolean emailEnabled) {

    static final StormSettings DEFAULTS = new StormSettings(null, true);

    /** The current workspace's settings (defaults until an admin saves them). */
    static StormSettings load(JdbcClient jdbc) {
        return jdbc.sql("select chat_webhook_url, email_enabled from storm_settings")
                .query((rs, i) -> new StormSettings(blankToNull(rs.getString(1)), rs.getBoolean(2)))
                .optional()
                .orElse(DEFAULTS);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
