package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import fi.mokadesk.workspace.Access;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A workspace's alarm sensitivity, a lead's "not a storm" mark, and the retention of old counts. */
class StormSettingsTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    Storms storms;

    @Autowired
    StormRetention retention;

    @Test
    void anAdminChoosesTheSensitivityAndSeesTheExpectedFalseAlarmsAMonth() {
        TestWorkspace ws = workspaces.create("Herkkyys Oy");
        for (String series : new String[] {"all", "negative"}) {
            workspaces
                    .owner()
                    .sql("insert into storm_series (workspace_id, series, last_bucket, state) values (?, ?, now(), '')")
                    .params(ws.id(), series)
                    .update();
        }
        Access.runAs(Access.system(ws.id(), "test"), () -> {
            assertThat(storms.settings().sensitivity()).isEqualTo(StormSettings.Sensitivity.NORMAL);
            storms.updateSettings(null, true, "big");
            assertThat(storms.settings().sensitivity()).isEqualTo(StormSettings.Sensitivity.BIG);
            // saving the notification settings alone keeps it
            storms.updateSettings(null, false);
            assertThat(storms.settings().sensitivity()).isEqualTo(StormSettings.Sensitivity.BIG);
            assertThatThrownBy(() -> storms.updateSettings(null, true, "loud"))
                    .isInstanceOf(InvalidInput.class)
                    .hasMessageContaining("sensitive, normal, big");
        });
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from audit_entry where workspace_id = ? and action = 'storm.settings'")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        // two watched series at 1.25 false alarms a week each: about 10.9 a month
        assertThat(StormSettings.Sensitivity.NORMAL.falseAlarmsPerMonth(2)).isEqualTo(10.9);
        assertThat(StormSettings.Sensitivity.BIG.falseAlarmsPerMonth(2)).isEqualTo(4.3);
        String page = page(ws.adminEmail(), ws.password(), "/storms");
        assertThat(page)
                .contains("Hälytysherkkyys")
                .contains("herkkä")
                .contains("tavallinen")
                .contains("vain isot")
                .contains("noin 10,9 väärää hälytystä kuukaudessa (2 seurattua sarjaa)")
                .contains("noin 4,3 väärää hälytystä kuukaudessa");
        assertThat(page).containsPattern("value=\"big\"[^>]*checked");
    }

    @Test
    void aLeadMarksAnAlarmNotAStormAndItStaysAsEvaluationData() {
        TestWorkspace ws = workspaces.create("Merkintä Oy");
        UUID id = UUID.randomUUID();
        Instant onset = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        workspaces
                .owner()
                .sql("""
                        insert into storm (workspace_id, id, series, onset, last_bucket, magnitude, expected, observed,
                                           upper_band, peak_count, total_observed, total_expected, buckets,
                                           false_alarms_per_week)
                        values (?, ?, 'all', ?, ?, 4, 2, 8, 7, 8, 8, 2, 1, 1.25)
                        """)
                .params(ws.id(), id, Timestamp.from(onset), Timestamp.from(onset))
                .update();
        // an older alarm raised at the sensitive level, and one from before levels were stored
        for (Double rate : new Double[] {2.0, null}) {
            Instant earlier = onset.minus(Duration.ofHours(rate == null ? 30 : 20));
            workspaces
                    .owner()
                    .sql("""
                            insert into storm (workspace_id, id, series, onset, last_bucket, state, magnitude, expected,
                                               observed, upper_band, peak_count, total_observed, total_expected,
                                               buckets, false_alarms_per_week)
                            values (?, ?, 'negative', ?, ?, 'ended', 3, 2, 6, 5, 6, 6, 2, 1, ?)
                            """)
                    .params(ws.id(), UUID.randomUUID(), Timestamp.from(earlier), Timestamp.from(earlier), rate)
                    .update();
        }
        Api agent = api(ws.agentToken());
        Api admin = api(ws.adminToken());

        assertThat(agent.post("/api/v1/storms/" + id + "/not-a-storm", "{}").status())
                .isEqualTo(403);
        assertThat(admin.post("/api/v1/storms/" + UUID.randomUUID() + "/not-a-storm", "{}")
                        .status())
                .isEqualTo(400);
        assertThat(admin.post("/api/v1/storms/not-a-uuid/not-a-storm", "{}").status())
                .isEqualTo(400);
        assertThat(admin.post("/api/v1/storms/" + id + "/not-a-storm", "{\"note\": \"" + "x".repeat(501) + "\"}")
                        .status())
                .isEqualTo(400);

        Api.Response marked =
                admin.post("/api/v1/storms/" + id + "/not-a-storm", "{\"note\": \"kampanjan odotettu piikki\"}");
        assertThat(marked.status()).isEqualTo(200);
        assertThat(marked.json().get("notAStorm").asBoolean()).isTrue();
        assertThat(marked.json().get("falseAlarmsPerWeek").asDouble()).isEqualTo(1.25);

        // the marks as evaluation data: alarms and "not a storm" marks per alarm level
        Api.Response marks = agent.get("/api/v1/storms/marks?days=30");
        assertThat(marks.status()).isEqualTo(200);
        JsonNode levels = marks.json().get("levels");
        assertThat(levels).hasSize(3);
        assertThat(levels.get(0).get("alarms").asLong()).isEqualTo(1); // level not stored
        assertThat(levels.get(0).get("notAStorm").asLong()).isZero();
        assertThat(levels.get(1).get("sensitivity").asString()).isEqualTo("normal");
        assertThat(levels.get(1).get("falseAlarmsPerWeek").asDouble()).isEqualTo(1.25);
        assertThat(levels.get(1).get("alarms").asLong()).isEqualTo(1);
        assertThat(levels.get(1).get("notAStorm").asLong()).isEqualTo(1);
        assertThat(levels.get(2).get("sensitivity").asString()).isEqualTo("sensitive");
        assertThat(levels.get(2).get("notAStorm").asLong()).isZero();
        assertThat(agent.get("/api/v1/storms/marks?days=0").status()).isEqualTo(400);
        assertThat(agent.get("/api/v1/storms/marks?days=401").status()).isEqualTo(400);

        // the storm is still listed, with the mark, and has left the banner
        JsonNode listed = agent.get("/api/v1/storms").json().get("storms").get(0);
        assertThat(listed.get("id").asString()).isEqualTo(id.toString());
        assertThat(listed.get("notAStorm").asBoolean()).isTrue();
        assertThat(listed.get("verdictNote").asString()).isEqualTo("kampanjan odotettu piikki");
        assertThat(page(ws.agentEmail(), ws.password(), "/storms/banner")).doesNotContain("Somemyrsky");
        assertThat(page(ws.agentEmail(), ws.password(), "/storms"))
                .contains("Merkitty: ei myrsky (kampanjan odotettu piikki)");
        assertThat(workspaces
                        .owner()
                        .sql("select count(*) from audit_entry where workspace_id = ? and action = 'storm.not_a_storm'")
                        .param(ws.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void fiveMinuteCountsOlderThanThirteenMonthsAreRolledUpToHoursWithTheirTotals() {
        TestWorkspace ws = workspaces.create("Säilytys Oy");
        Instant now = Instant.parse("2026-12-04T08:00:00Z");
        Instant old = now.atOffset(ZoneOffset.UTC).minusMonths(14).toInstant();
        Instant recent = now.minus(Duration.ofDays(30));
        long oldTotal = 0;
        for (int i = 0; i < 24; i++) { // two old hours of 5-minute buckets
            oldTotal += i;
            insertCount(ws.id(), old.plus(Duration.ofMinutes(5L * i)), i);
            insertCount(ws.id(), recent.plus(Duration.ofMinutes(5L * i)), 3);
        }

        assertThat(retention.rollUp(now)).isGreaterThanOrEqualTo(24);

        var rows = workspaces
                .owner()
                .sql("""
                        select bucket_start, count, bucket_seconds from storm_count
                         where workspace_id = ? and bucket_start < ? order by bucket_start
                        """)
                .params(ws.id(), Timestamp.from(recent))
                .query((rs, i) ->
                        new long[] {rs.getTimestamp(1).toInstant().getEpochSecond(), rs.getLong(2), rs.getInt(3)})
                .list();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)[0]).isEqualTo(old.getEpochSecond());
        assertThat(rows.get(0)[1] + rows.get(1)[1]).isEqualTo(oldTotal);
        assertThat(rows.get(0)[2]).isEqualTo(3600);
        assertThat(workspaces
                        .owner()
                        .sql(
                                "select count(*), sum(count) from storm_count where workspace_id = ? and bucket_start >= ?")
                        .params(ws.id(), Timestamp.from(recent))
                        .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
                        .single())
                .containsExactly(24, 72);
        // a second run finds nothing more to do
        assertThat(retention.rollUp(now)).isZero();
    }

    private void insertCount(UUID ws, Instant bucket, long count) {
        workspaces
                .owner()
                .sql("insert into storm_count (workspace_id, series, bucket_start, count) values (?, 'all', ?, ?)")
                .params(ws, Timestamp.from(bucket), count)
                .update();
    }

    private String page(String email, String password, String path) {
        return StormDeskTest.signedInPage(port, email, password, path);
    }
}
