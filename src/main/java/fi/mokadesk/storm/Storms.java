package fi.mokadesk.storm;

import fi.mokadesk.channel.OutboundAddresses;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Storms of the current workspace as the desk shows them, and the workspace's storm settings. */
@Service
class Storms {

    /** A storm as listed in the desk and the API. */
    record StormView(
            UUID id,
            String series,
            String state,
            Instant onset,
            Instant lastBucket,
            Instant endedAt,
            double magnitude,
            long observed,
            double expected,
            double upperBand,
            long peakCount,
            long totalObserved,
            double totalExpected,
            int buckets,
            List<StormWindow.Term> topTerms,
            List<StormWindow.Spike> conversations,
            boolean notAStorm,
            String verdictNote,
            Instant verdictAt,
            Double falseAlarmsPerWeek) {

        public boolean open() {
            return "open".equals(state);
        }
    }

    /** One bucket of a series: its count and what the detector expected. */
    record Point(Instant bucket, long count, Double expected, Double upperBand, Double score) {}

    /**
     * Alarms raised at one alarm level and how many of them leads marked "not a storm".
     *
     * @param sensitivity the level's code when the rate is one of today's levels, else {@code null}
     * @param falseAlarmsPerWeek the level's rate; {@code null} for storms raised before it was stored
     */
    record MarkCount(String sensitivity, Double falseAlarmsPerWeek, long alarms, long notAStorm) {}

    /** Leads' "not a storm" marks per alarm level over a period, as evaluation data for the detector. */
    record Marks(Instant from, Instant until, int series, List<MarkCount> levels) {}

    static final int MAX_MARK_DAYS = 400;

    /** A series over a time range with its storms. */
    record Series(String series, Instant from, Instant until, List<Point> points, List<StormView> storms) {}

    static final int MAX_HOURS = 24 * 14;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final OutboundAddresses addresses;
    private final JsonMapper json = JsonMapper.builder().build();

    Storms(JdbcClient jdbc, ApplicationEventPublisher events, OutboundAddresses addresses) {
        this.jdbc = jdbc;
        this.events = events;
        this.addresses = addresses;
    }

    private static final String COLUMNS = """
            id, series, state, onset, last_bucket, ended_at, magnitude, observed, expected, upper_band, peak_count,
            total_observed, total_expected, buckets, top_terms::text, top_conversations::text, not_a_storm,
            verdict_note, verdict_at, false_alarms_per_week
            """;

    /** Recent storms, open ones first. */
    @Transactional(readOnly = true)
    public List<StormView> recent(int limit) {
        Access.require(Role.VIEWER);
        return jdbc.sql("select " + COLUMNS + " from storm order by state = 'open' desc, onset desc limit ?")
                .param(Math.max(1, Math.min(limit, 200)))
                .query(this::view)
                .list();
    }

    /** Storms in progress. */
    @Transactional(readOnly = true)
    public List<StormView> open() {
        Access.require(Role.VIEWER);
        return jdbc.sql("select " + COLUMNS
                        + " from storm where state = 'open' and not not_a_storm order by magnitude desc limit 5")
                .query(this::view)
                .list();
    }

    /** The series the desk watches in this workspace. */
    @Transactional(readOnly = true)
    public List<String> seriesNames() {
        Access.require(Role.VIEWER);
        return jdbc.sql("select series from storm_series order by 1")
                .query(String.class)
                .list();
    }

    @Transactional(readOnly = true)
    public Series series(String series, int hours, Instant now) {
        Access.require(Role.VIEWER);
        if (series == null || series.isBlank()) throw new InvalidInput("series", "is required");
        StorableText.require(series, "series");
        if (hours < 1 || hours > MAX_HOURS) throw new InvalidInput("hours", "must be between 1 and " + MAX_HOURS);
        Instant from = now.minus(Duration.ofHours(hours));
        List<Point> points = jdbc.sql("""
                        select bucket_start, count, expected, upper_band, score from storm_count
                         where series = ? and bucket_start >= ? and bucket_start <= ?
                         order by bucket_start
                        """)
                .params(series, StormWindow.utc(from), StormWindow.utc(now))
                .query((rs, i) -> new Point(
                        rs.getTimestamp(1).toInstant(),
                        rs.getLong(2),
                        (Double) rs.getObject(3),
                        (Double) rs.getObject(4),
                        (Double) rs.getObject(5)))
                .list();
        List<StormView> storms = jdbc.sql("select " + COLUMNS
                        + " from storm where series = ? and coalesce(ended_at, 'infinity') >= ? order by onset")
                .params(series, StormWindow.utc(from))
                .query(this::view)
                .list();
        return new Series(series, from, now, points, storms);
    }

    @Transactional(readOnly = true)
    public StormSettings settings() {
        Access.require(Role.VIEWER);
        return StormSettings.load(jdbc);
    }

    /** Saves the notification settings and keeps the sensitivity. */
    @Transactional
    public void updateSettings(String chatWebhookUrl, boolean emailEnabled) {
        updateSettings(
                chatWebhookUrl,
                emailEnabled,
                StormSettings.load(jdbc).sensitivity().code());
    }

    @Transactional
    public void updateSettings(String chatWebhookUrl, boolean emailEnabled, String sensitivityCode) {
        Access.require(Role.ADMIN);
        StormSettings.Sensitivity sensitivity = StormSettings.Sensitivity.of(sensitivityCode);
        String url = StormSettings.blankToNull(chatWebhookUrl);
        if (url != null) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("chatWebhookUrl", "is not a URL");
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidInput("chatWebhookUrl", "must be an http or https URL");
            }
            if (url.length() > 2000) throw new InvalidInput("chatWebhookUrl", "is longer than 2000 characters");
            addresses.refusal(url).ifPresent(why -> {
                throw new InvalidInput("chatWebhookUrl", why);
            });
        }
        StormSettings before = StormSettings.load(jdbc);
        jdbc.sql("""
                        insert into storm_settings (workspace_id, chat_webhook_url, email_enabled, sensitivity)
                        values (current_workspace(), ?, ?, ?)
                        on conflict (workspace_id)
                        do update set chat_webhook_url = excluded.chat_webhook_url,
                                      email_enabled = excluded.email_enabled, sensitivity = excluded.sensitivity,
                                      updated_at = now()
                        """).params(url, emailEnabled, sensitivity.code()).update();
        events.publishEvent(new Audited(
                "storm.settings",
                "workspace",
                Access.require().workspaceId().toString(),
                settingsMap(before),
                settingsMap(new StormSettings(url, emailEnabled, sensitivity))));
    }

    /**
     * A lead's verdict that an alarm was not a storm. The storm stays (it leaves the banner); the mark, who
     * made it and why are kept with it as evaluation data for the detector, and audited.
     */
    @Transactional
    public StormView markNotAStorm(UUID id, String note) {
        Access access = Access.require(Role.LEAD);
        String cleanNote = StormSettings.blankToNull(note);
        if (cleanNote != null && cleanNote.length() > 500) {
            throw new InvalidInput("note", "is longer than 500 characters");
        }
        int changed = jdbc.sql("""
                        update storm set not_a_storm = true, verdict_note = ?, verdict_by = ?, verdict_at = now(),
                               updated_at = now()
                         where id = ? and not not_a_storm
                        """).params(cleanNote, access.userId(), id).update();
        StormView storm = jdbc.sql("select " + COLUMNS + " from storm where id = ?")
                .param(id)
                .query(this::view)
                .optional()
                .orElseThrow(() -> new InvalidInput("id", "no such storm in this workspace"));
        if (changed == 1) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("series", storm.series());
            after.put("onset", storm.onset().toString());
            after.put("notAStorm", true);
            after.put("note", cleanNote);
            events.publishEvent(new Audited("storm.not_a_storm", "storm", id.toString(), null, after));
        }
        return storm;
    }

    /**
     * Alarms of the last {@code days} days per alarm level, with how many leads marked "not a storm": with
     * the number of watched series and the period this is the workspace's observed false-alarm rate, to
     * hold against the level's promise.
     */
    @Transactional(readOnly = true)
    public Marks marks(int days, Instant now) {
        Access.require(Role.VIEWER);
        if (days < 1 || days > MAX_MARK_DAYS) throw new InvalidInput("days", "must be between 1 and " + MAX_MARK_DAYS);
        Instant from = now.minus(Duration.ofDays(days));
        List<MarkCount> levels = jdbc.sql("""
                        select false_alarms_per_week, count(*), count(*) filter (where not_a_storm) from storm
                         where onset >= ? and onset <= ?
                         group by false_alarms_per_week order by false_alarms_per_week nulls first
                        """)
                .params(StormWindow.utc(from), StormWindow.utc(now))
                .query((rs, i) -> {
                    Double rate = (Double) rs.getObject(1);
                    return new MarkCount(
                            rate == null ? null : StormSettings.Sensitivity.ofRate(rate),
                            rate,
                            rs.getLong(2),
                            rs.getLong(3));
                })
                .list();
        return new Marks(from, now, seriesCount(), levels);
    }

    /** Number of series the workspace watches, for the expected false alarms a month. */
    @Transactional(readOnly = true)
    public int seriesCount() {
        Access.require(Role.VIEWER);
        return jdbc.sql("select count(*) from storm_series")
                .query(Integer.class)
                .single();
    }

    private static Map<String, Object> settingsMap(StormSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chatWebhookUrl", s.chatWebhookUrl());
        m.put("emailEnabled", s.emailEnabled());
        m.put("sensitivity", s.sensitivity().code());
        return m;
    }

    private StormView view(ResultSet rs, int row) throws SQLException {
        java.sql.Timestamp ended = rs.getTimestamp(6);
        return new StormView(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5).toInstant(),
                ended == null ? null : ended.toInstant(),
                rs.getDouble(7),
                rs.getLong(8),
                rs.getDouble(9),
                rs.getDouble(10),
                rs.getLong(11),
                rs.getLong(12),
                rs.getDouble(13),
                rs.getInt(14),
                json.readValue(rs.getString(15), new TypeReference<List<StormWindow.Term>>() {}),
                json.readValue(rs.getString(16), new TypeReference<List<StormWindow.Spike>>() {}),
                rs.getBoolean(17),
                rs.getString(18),
                rs.getTimestamp(19) == null ? null : rs.getTimestamp(19).toInstant(),
                (Double) rs.getObject(20));
    }
}
