package fi.mokadesk.channel.meta;

import tools.jackson.databind.JsonNode;

/**
 * What one channel type makes of the entries of a Meta webhook. Called in the background for a stored body,
 * once per entry, as the desk's automation in the owning channel's workspace; may be called again for the
 * same entry (a retry, Meta's duplicate delivery), so everything it does is idempotent. Throwing leaves the
 * body to be processed again later.
 */
public interface MetaEvents {

    /** The channel type: {@code facebook}, {@code instagram} or {@code whatsapp}. */
    String type();

    void handle(MetaRoutes.Route route, JsonNode entry);

    /** Meta gives times in seconds or milliseconds since the epoch; this is milliseconds. */
    static long millis(JsonNode time) {
        if (time == null || time.isNull() || time.isMissingNode()) return 0;
        long value;
        if (time.isNumber()) {
            value = time.asLong();
        } else if (time.isString()) {
            String text = time.asString().strip();
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                try {
                    // Graph API times: 2026-12-04T10:00:00+0000
                    return java.time.OffsetDateTime.parse(text.replaceAll("([+-][0-9]{2})([0-9]{2})$", "$1:$2"))
                            .toInstant()
                            .toEpochMilli();
                } catch (RuntimeException notATime) {
                    return 0;
                }
            }
        } else {
            return 0;
        }
        return value > 0 && value < 100_000_000_000L ? value * 1000 : Math.max(0, value);
    }

    /** A text field, or null when absent or blank. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainer()) return null;
        String s = value.asString();
        return s == null || s.isBlank() ? null : s;
    }
}
