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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Storm notifications leave after the storm's transaction, and a chat webhook that fails is tried again. */
class StormNotificationTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    StormNotifier notifier;

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

        assertThat(notifier.dispatchDue()).isPositive();
        Map<String, Object> first = row(ws.id(), stormId);
        assertThat(first).containsEntry("state", "pending").containsEntry("attempts", 1);
        assertThat((String) first.get("last_error")).contains("503");

        workspaces
                .owner()
                .sql("update storm_notification set next_attempt_at = now() where storm_id = ?")
                .param(stormId)
                .update();
        notifier.dispatchDue();
        assertThat(row(ws.id(), stormId)).containsEntry("state", "sent").containsEntry("attempts", 2);
        assertThat(chat.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(2);
        assertThat(chat.findAll(postRequestedFor(urlEqualTo("/hook"))).get(1).getBodyAsString())
                .contains("\"text\":\"Somemyrsky: asiattomia viestejä 8× tavallista");
    }

    private Map<String, Object> row(UUID workspace, UUID storm) {
        List<Map<String, Object>> rows = workspaces
                .owner()
                .sql("select kind, state, attempts, last_error from storm_notification where workspace_id = ?"
                        + " and storm_id = ?")
                .params(workspace, storm)
                .query()
                .listOfRows();
        assertThat(rows).hasSize(1); // chat only: no mail server in the tests
        assertThat(rows.get(0)).containsEntry("kind", "chat");
        return rows.get(0);
    }
}
