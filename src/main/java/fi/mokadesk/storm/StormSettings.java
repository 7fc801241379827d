package fi.mokadesk.storm;

import java.util.Arrays;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A workspace's storm settings: where chat notifications go, whether leads and admins get email, and how
 * sensitive the storm alarms are.
 */
record StormSettings(String chatWebhookUrl, boolean emailEnabled, Sensitivity sensitivity) {

    static final StormSettings DEFAULTS = new StormSettings(null, true, Sensitivity.NORMAL);

    /**
     * How sensitive a workspace's storm alarms are, as the detector's expected false alarms per week and
     * series. "Normal" is the detector's default, chosen by leave-one-series-out evaluation; "only big"
     * misses noticeably more real storms (see docs/storms.md).
     */
    enum Sensitivity {
        SENSITIVE("sensitive", 2),
        NORMAL("normal", StormDetector.Settings.DEFAULT_FALSE_ALARMS_PER_WEEK),
        BIG("big", 0.5);

        /** Average days in a month, for turning a weekly rate into a monthly one. */
        static final double DAYS_PER_MONTH = 365.25 / 12;

        final String code;
        final double falseAlarmsPerWeek;

        Sensitivity(String code, double falseAlarmsPerWeek) {
            this.code = code;
            this.falseAlarmsPerWeek = falseAlarmsPerWeek;
        }

        public String code() {
            return code;
        }

        public double falseAlarmsPerWeek() {
            return falseAlarmsPerWeek;
        }

        /** Expected false alarms a month for this many watched series, rounded to one decimal. */
        public double falseAlarmsPerMonth(int series) {
            return Math.round(falseAlarmsPerWeek * DAYS_PER_MONTH / 7 * Math.max(series, 1) * 10) / 10.0;
        }

        /** The code of today's level with this rate, or {@code null} (a rate of an earlier version). */
        static String ofRate(double falseAlarmsPerWeek) {
            for (Sensitivity s : values()) {
                if (Math.abs(s.falseAlarmsPerWeek - falseAlarmsPerWeek) < 1e-9) return s.code;
            }
            return null;
        }

        static Sensitivity of(String code) {
            String c = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values())
                    .filter(s -> s.code.equals(c))
                    .findFirst()
                    .orElseThrow(() -> new fi.mokadesk.kernel.InvalidInput(
                            "sensitivity", "must be one of sensitive, normal, big"));
        }
    }

    /** The current workspace's settings (defaults until an admin saves them). */
    static StormSettings load(JdbcClient jdbc) {
        return jdbc.sql("select chat_webhook_url, email_enabled, sensitivity from storm_settings")
                .query((rs, i) -> new StormSettings(
                        blankToNull(rs.getString(1)), rs.getBoolean(2), Sensitivity.of(rs.getString(3))))
                .optional()
                .orElse(DEFAULTS);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
