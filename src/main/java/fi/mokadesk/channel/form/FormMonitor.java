package fi.mokadesk.channel.form;

import fi.mokadesk.channel.ChannelAdapter.Health;
import fi.mokadesk.channel.Channels;
import fi.mokadesk.channel.Deliveries;
import fi.mokadesk.channel.OutboundMail;
import fi.mokadesk.channel.form.FormDirectory.Form;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The form health monitor. Each check sends a canary through the form's real public address over HTTP
 * ({@code POST /f/{formKey}}, marked with a signed header so it skips the spam traps and the rate limit but
 * nothing else) and passes when the canary reached the point where its conversation would be created.
 * Canaries are never conversations, so they never show in the inbox, its counts or reports.
 *
 * <p>A failed check puts the channel in {@code error} (the page and the hosted form show it, with "since
 * when"); the first good check after failures writes an outage report: the first and last failed checks,
 * bounded by the good checks around them, and the submissions around that window. A good check also looks
 * at the customers' silence ({@link SilenceRule}) and warns when a busy form has gone quiet.
 */
@Component
class FormMonitor {

    private static final Logger log = LoggerFactory.getLogger(FormMonitor.class);
    /** Submissions this long before and after an outage are listed with it. */
    static final Duration AROUND = Duration.ofHours(1);

    record Check(UUID id, OffsetDateTime checkedAt, boolean ok, int latencyMs, String reason) {}

    record SubmissionView(
            UUID id,
            OffsetDateTime receivedAt,
            String name,
            String email,
            String state,
            UUID conversationId,
            boolean duringOutage) {}

    record Outage(
            UUID id,
            OffsetDateTime lastGoodBefore,
            OffsetDateTime firstFailed,
            OffsetDateTime lastFailed,
            OffsetDateTime firstGoodAfter,
            int failedChecks,
            String reason,
            List<SubmissionView> submissionsAround) {}

    private final JdbcClient jdbc;
    private final Channels channels;
    private final FormDirectory directory;
    private final Stamps stamps;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final Deliveries deliveries;
    private final Workspaces workspaces;
    private final SilenceRule silence = SilenceRule.finnishOfficeHours();
    private final Clock clock;
    private final String configuredBase;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile int port;

    FormMonitor(
            JdbcClient jdbc,
            Channels channels,
            FormDirectory directory,
            Stamps stamps,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            Deliveries deliveries,
            Workspaces workspaces,
            @Value("${mokadesk.form.check-url:}") String configuredBase) {
        this.deliveries = deliveries;
        this.workspaces = workspaces;
        this.jdbc = jdbc;
        this.channels = channels;
        this.directory = directory;
        this.stamps = stamps;
        this.transaction = transaction;
        this.events = events;
        this.clock = Clock.systemUTC();
        this.configuredBase = configuredBase.endsWith("/")
                ? configuredBase.substring(0, configuredBase.length() - 1)
                : configuredBase;
    }

    @EventListener
    void started(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null)
            port = event.getWebServer().getPort();
    }

    /** Where canaries are posted: the configured public address, else this desk on its own port. */
    String base() {
        return configuredBase.isBlank() ? "http://localhost:" + port : configuredBase;
    }

    /** Checks every enabled form of every workspace; returns how many checks passed. */
    int checkAll() {
        List<UUID[]> forms = jdbc.sql("select workspace_id, channel_id from forms_to_check()")
                .query((rs, i) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .list();
        int passed = 0;
        for (UUID[] f : forms) {
            try {
                if (check(f[0], f[1]).map(Check::ok).orElse(false)) passed++;
            } catch (RuntimeException e) {
                log.warn("Form check of {} in workspace {} could not run: {}", f[1], f[0], e.toString());
            }
        }
        return passed;
    }

    /** One check of one form, recorded and acted on; empty when the form is not (or no longer) enabled. */
    Optional<Check> check(UUID workspace, UUID channelId) {
        Optional<Form> found = directory.byId(workspace, channelId).filter(Form::enabled);
        if (found.isEmpty()) return Optional.empty();
        Form form = found.get();
        UUID checkId = UUID.randomUUID();
        long started = System.nanoTime();
        String reason = canary(form, checkId);
        int latency = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
        Check check = new Check(
                checkId,
                // as the database keeps it, so the report and the check agree to the microsecond
                OffsetDateTime.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                reason == null,
                latency,
                reason);
        Access.runAs(
                Access.system(workspace, "form-monitor"),
                () -> transaction.executeWithoutResult(status -> {
                    jdbc.sql("""
                            insert into form_check (workspace_id, id, channel_id, checked_at, ok, latency_ms, reason)
                            values (?, ?, ?, ?, ?, ?, ?)
                            """)
                            .params(workspace, checkId, channelId, check.checkedAt(), check.ok(), latency, reason)
                            .update();
                    if (check.ok()) recovered(form, check);
                    else failed(form, check);
                }));
        directory.forgetAll();
        return Optional.of(check);
    }

    /** Posts the canary; null when it went through, else why not (in words for the channel page). */
    private String canary(Form form, UUID checkId) {
        String key = form.settings().formKey();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Mokadesk-valvonta");
        body.put("email", "valvonta@mokadesk.invalid");
        body.put("phone", "+358 40 000 0000");
        body.put("orderNumber", "TERVEYSTARKISTUS");
        body.put("message", "Lomakkeen terveystarkistus (ei näy saapuneissa) / Form health check");
        body.put("consent", "true");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/f/" + key))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(FormController.CANARY_HEADER, stamps.canary(key, checkId))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return "ei vastausta / no answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "keskeytyi / interrupted";
        }
        if (response.statusCode() != 201) {
            return "lomake vastasi HTTP " + response.statusCode() + " / the form answered HTTP "
                    + response.statusCode();
        }
        String state = Tenant.call(
                form.workspaceId(),
                () -> jdbc.sql("select state from form_submission where id = ? and canary")
                        .param(checkId)
                        .query(String.class)
                        .optional()
                        .orElse(null));
        if (state == null) return "viesti ei tallentunut / the submission was not stored";
        if (!state.equals("checked")) {
            String error = Tenant.call(
                    form.workspaceId(),
                    () -> jdbc.sql("select coalesce(last_error, '') from form_submission where id = ?")
                            .param(checkId)
                            .query(String.class)
                            .single());
            return "viesti tallentui mutta ei päässyt saapuneisiin / stored but did not reach the inbox: " + error;
        }
        return null;
    }

    private void failed(Form form, Check check) {
        boolean wasFailing = form.failing();
        channels.setHealth(
                form.channelId(),
                Health.error("Lomake ei ota vastaan viestejä / The form is not receiving messages: " + check.reason()));
        if (!wasFailing) {
            notifyAdmins(
                    check.id(),
                    form,
                    "Yhteydenottolomake ei toimi / Contact form failing: " + form.name(),
                    "Lomake \"" + form.name() + "\" ei ota vastaan viestejä "
                            + FormAdminController.time(check.checkedAt())
                            + " alkaen: " + check.reason() + "\nAsiakkaille näytetään nyt vaihtoehtoiset yhteystavat."
                            + " Katso Kanavat-sivulta.\n\nThe form \"" + form.name()
                            + "\" has not been receiving messages since "
                            + check.checkedAt() + ": " + check.reason()
                            + "\nCustomers are now shown the alternative contacts. See the Channels page.");
            // Channels logs and audits the change to error; this says what the admins should do.
            log.warn(
                    "Contact form {} (workspace {}) failed its health check: {}. The hosted form and the snippet now"
                            + " show the alternative contacts.",
                    form.name(),
                    form.workspaceId(),
                    check.reason());
        }
    }

    private void recovered(Form form, Check check) {
        List<Check> failures = new ArrayList<>();
        Check goodBefore = null;
        for (Check earlier : jdbc.sql("""
                        select id, checked_at, ok, latency_ms, reason from form_check
                         where channel_id = ? and checked_at < ? order by checked_at desc, id desc limit 10000
                        """)
                .params(form.channelId(), check.checkedAt())
                .query(FormMonitor::check)
                .list()) {
            if (earlier.ok()) {
                goodBefore = earlier;
                break;
            }
            failures.add(earlier);
        }
        if (!failures.isEmpty()) {
            Check first = failures.get(failures.size() - 1);
            Check last = failures.get(0);
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                            insert into form_outage (workspace_id, id, channel_id, last_good_before, first_failed,
                                                     last_failed, first_good_after, failed_checks, reason)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(
                            form.workspaceId(),
                            id,
                            form.channelId(),
                            goodBefore == null ? null : goodBefore.checkedAt(),
                            first.checkedAt(),
                            last.checkedAt(),
                            check.checkedAt(),
                            failures.size(),
                            first.reason())
                    .update();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put(
                    "lastGoodBefore",
                    goodBefore == null ? null : goodBefore.checkedAt().toString());
            report.put("firstFailed", first.checkedAt().toString());
            report.put("lastFailed", last.checkedAt().toString());
            report.put("firstGoodAfter", check.checkedAt().toString());
            report.put("failedChecks", failures.size());
            events.publishEvent(
                    new Audited("form.outage", "channel", form.channelId().toString(), null, report));
            notifyAdmins(
                    check.id(),
                    form,
                    "Yhteydenottolomake toimii taas / Contact form works again: " + form.name(),
                    "Lomake \"" + form.name() + "\" toimii taas. Epäonnistuneet tarkistukset "
                            + FormAdminController.time(first.checkedAt()) + " – "
                            + FormAdminController.time(last.checkedAt())
                            + " (" + failures.size() + "); viimeksi toiminut ennen katkoa "
                            + (goodBefore == null ? "–" : FormAdminController.time(goodBefore.checkedAt()))
                            + ". Katkon ympäriltä tulleet viestit ovat lomakkeen sivulla.\n\nThe form \"" + form.name()
                            + "\" works again. Failed checks from " + first.checkedAt() + " to " + last.checkedAt()
                            + "; the submissions around the outage are listed on the form's page.");
            log.warn(
                    "Contact form {} (workspace {}) works again; it failed {} checks from {} to {}",
                    form.name(),
                    form.workspaceId(),
                    failures.size(),
                    first.checkedAt(),
                    last.checkedAt());
        }
        channels.setHealth(form.channelId(), quiet(form.channelId(), clock.instant()));
    }

    /**
     * Emails the workspace's admins through the outbox, in this transaction: a notice leaves when the state it
     * tells about is committed, and once (the key names the check). Without a mail server the channels page,
     * the audit log and the log are the notice.
     */
    private void notifyAdmins(UUID checkId, Form form, String subject, String text) {
        if (!deliveries.mailConfigured()) {
            log.info("Form notification not emailed: no mail server is configured (spring.mail.host)");
            return;
        }
        for (Workspaces.Member admin : workspaces.members()) {
            if (!admin.enabled() || !admin.role().atLeast(Role.ADMIN)) continue;
            deliveries.mail(
                    "form:" + checkId + ":" + admin.email(),
                    form.channelId().toString(),
                    new OutboundMail(admin.email(), subject, text));
        }
    }

    /** {@code warning} when a normally busy form has been silent for much longer than usual. */
    private Health quiet(UUID channelId, Instant now) {
        List<Instant> recent = jdbc.sql("""
                        select received_at from form_submission
                         where channel_id = ? and not canary and state <> 'spam' and received_at > ?
                         order by received_at desc limit 200
                        """)
                .params(channelId, OffsetDateTime.ofInstant(now.minus(Duration.ofDays(60)), ZoneOffset.UTC))
                .query((rs, i) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .list();
        return silence.check(recent, now)
                .map(s -> Health.warning("Lomakkeelta ei ole tullut viestejä "
                        + hours(s.silentFor()) + " tuntiin työaikana (tavallisesti " + minutes(s.medianGap())
                        + " min välein); toimiiko sivuston lomake? / No submissions for " + hours(s.silentFor())
                        + " business hours (usually every " + minutes(s.medianGap())
                        + " min); is the form on the web site working?"))
                .orElse(Health.OK);
    }

    private static String hours(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d.toMinutes() / 60.0);
    }

    private static long minutes(Duration d) {
        return Math.max(1, d.toMinutes());
    }

    /** The form's latest checks, newest first (current workspace). */
    List<Check> checks(UUID channelId, int limit) {
        return jdbc.sql("""
                        select id, checked_at, ok, latency_ms, reason from form_check
                         where channel_id = ? order by checked_at desc, id desc limit ?
                        """).params(channelId, limit).query(FormMonitor::check).list();
    }

    /** The form's outage reports, newest first, each with the submissions around it (current workspace). */
    List<Outage> outages(UUID channelId, int limit) {
        record Row(
                UUID id,
                OffsetDateTime before,
                OffsetDateTime first,
                OffsetDateTime last,
                OffsetDateTime after,
                int failed,
                String reason) {}
        List<Row> rows = jdbc.sql("""
                        select id, last_good_before, first_failed, last_failed, first_good_after, failed_checks, reason
                          from form_outage where channel_id = ? order by first_failed desc limit ?
                        """)
                .params(channelId, limit)
                .query((rs, i) -> new Row(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getObject(3, OffsetDateTime.class),
                        rs.getObject(4, OffsetDateTime.class),
                        rs.getObject(5, OffsetDateTime.class),
                        rs.getInt(6),
                        rs.getString(7)))
                .list();
        List<Outage> out = new ArrayList<>();
        for (Row r : rows) {
            OffsetDateTime from = (r.before() == null ? r.first() : r.before()).minus(AROUND);
            OffsetDateTime to = r.after().plus(AROUND);
            List<SubmissionView> around = jdbc.sql("""
                            select id, received_at, fields ->> 'name', fields ->> 'email', state, conversation_id
                              from form_submission
                             where channel_id = ? and not canary and received_at between ? and ?
                             order by received_at limit 500
                            """)
                    .params(channelId, from, to)
                    .query((rs, i) -> {
                        OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
                        OffsetDateTime windowStart = r.before() == null ? r.first() : r.before();
                        return new SubmissionView(
                                rs.getObject(1, UUID.class),
                                at,
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getObject(6, UUID.class),
                                !at.isBefore(windowStart) && !at.isAfter(r.after()));
                    })
                    .list();
            out.add(new Outage(r.id(), r.before(), r.first(), r.last(), r.after(), r.failed(), r.reason(), around));
        }
        return out;
    }

    private static Check check(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Check(
                rs.getObject(1, UUID.class),
                rs.getObject(2, OffsetDateTime.class),
                rs.getBoolean(3),
                rs.getInt(4),
                rs.getString(5));
    }
}
