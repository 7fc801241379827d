package fi.mokadesk.storm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import fi.mokadesk.workspace.Access;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Storm notifications leave through the outbox after the storm's transaction, and a chat webhook that fails
 * is tried again.
 */
class StormNotificationTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    Storms storms;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;

    WireMockServer chat;

    @BeforeEach
    void start() {
        chat = new WireMockServer(options().dynamicPort());
        chat.start();
    }

    @AfterEach
    void stop() {
        chat.stop();
    }

    @Test
    void aFailedChatPostIsRetriedAndNoEmailIsQueuedWithoutAMailServer() {
        chat.stubFor(post(urlEqualTo("/hook"))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        chat.stubFor(post(urlEqualTo("/hook"))
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        TestWorkspace ws = workspaces.create("Ilmoitus Oy " + UUID.randomUUID());
        Access.runAs(Access.system(ws.id(), "test"), () -> storms.updateSettings(chat.baseUrl() + "/hook", true));
        // The workspace keeps Tokyo time: the notification's times are in it, as on the workspace's pages.
        workspaces
                .owner()
                .sql("update workspace set time_zone = 'Asia/Tokyo' where id = ?")
                .param(ws.id())
                .update();
        UUID stormId = UUID.randomUUID();
        Instant onset = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Access.runAs(
                Access.system(ws.id(), "storm"),
                () -> transaction.executeWithoutResult(status -> {
                    jdbc.sql("""
                            insert into storm (workspace_id, id, series, onset, last_bucket, magnitude, expected,
                                               observed, upper_band, peak_count, total_observed, total_expected, buckets)
                            values (current_workspace(), ?, 'abusive', ?, ?, 8, 1, 8, 5, 8, 8, 1, 1)
                            """)
                            .params(stormId, Timestamp.from(onset), Timestamp.from(onset))
                            .update();
                    events.publishEvent(new StormDetected(
                            ws.id(), stormId, "abusive", onset, 8, 1, 8, List.of("huijaus"), List.of()));
                }));

        // The outbox job sends it after the storm's transaction; the first post meets a 503.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(row(ws.id(), stormId))
                        .containsEntry("state", "pending")
                        .containsEntry("attempts", 1));
        assertThat((String) row(ws.id(), stormId).get("last_error")).contains("503");

        // The backoff is cut short; the second attempt is accepted.
        workspaces
                .owner()
                .sql("update outbox set next_attempt_at = now() where reference = ? and kind = 'chat'")
                .param(stormId.toString())
                .update();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(row(ws.id(), stormId))
                        .containsEntry("state", "sent")
                        .containsEntry("attempts", 2));
        assertThat(chat.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(2);
        assertThat(chat.findAll(postRequestedFor(urlEqualTo("/hook"))).get(1).getBodyAsString())
                .contains("\"text\":\"Somemyrsky: asiattomia viestejä 8× tavallista")
                .contains("(alkoi "
                        + java.time.format.DateTimeFormatter.ofPattern("HH.mm")
                                .format(onset.atZone(java.time.ZoneId.of("Asia/Tokyo")))
                        + ")");
    }

    private Map<String, Object> row(UUID workspace, UUID storm) {
        List<Map<String, Object>> rows = workspaces
                .owner()
                .sql("select kind, state, attempts, last_error from outbox where workspace_id = ?"
                        + " and reference = ? and kind in ('chat', 'mail')")
                .params(workspace, storm.toString())
                .query()
                .listOfRows();
        assertThat(rows).hasSize(1); // chat only: no mail server in the tests
        assertThat(rows.get(0)).containsEntry("kind", "chat");
        return rows.get(0);
    }
}
