package fi.mokadesk.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fi.mokadesk.channel.JsonPost;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Someone with the database owner's rights edits the audit table behind the application's back (the
 * triggers stop everyone else). Each kind of tampering must show in {@code /api/v1/audit/verify}, with the
 * check that caught it.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditChainTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditAnchor anchor;

    @Test
    void tamperingWithAnEntryIsDetectedAtThatEntry() {
        TestWorkspace ws = workspaceWithThreeEntries("Audit Oy");
        Api admin = api(ws.adminToken());

        JsonNode intact = admin.get("/api/v1/audit/verify").json();
        assertThat(intact.get("intact").asBoolean()).isTrue();
        assertThat(intact.get("entries").asLong()).isEqualTo(3);
        assertThat(intact.get("firstBrokenId").isNull()).isTrue();
        assertThat(intact.get("failedCheck").isNull()).isTrue();

        long second = idAt(ws, 2);
        asOwner("update audit_entry set new_value = 'low' where workspace_id = ? and id = ?", ws.id(), second);

        JsonNode broken = admin.get("/api/v1/audit/verify").json();
        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("entries").asLong()).isEqualTo(3);
        assertThat(broken.get("firstBrokenId").asLong()).isEqualTo(second);
        assertThat(broken.get("failedCheck").asString()).isEqualTo("entry-hash");
        assertThat(broken.get("reason").asString()).contains("entry " + second, "changed");
    }

    @Test
    void removingAMiddleEntryIsDetected() {
        TestWorkspace ws = workspaceWithThreeEntries("Keskeltä Oy");
        long third = idAt(ws, 3);
        asOwner("delete from audit_entry where workspace_id = ? and seq = 2", ws.id());

        JsonNode broken = api(ws.adminToken()).get("/api/v1/audit/verify").json();
        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("entries").asLong()).isEqualTo(2);
        assertThat(broken.get("firstBrokenId").asLong()).isEqualTo(third);
        assertThat(broken.get("failedCheck").asString()).isEqualTo("sequence");
        assertThat(broken.get("reason").asString()).contains("missing");
    }

    @Test
    void removingAMiddleEntryAndRenumberingIsDetectedByTheBrokenLink() {
        TestWorkspace ws = workspaceWithThreeEntries("Numerot Oy");
        long third = idAt(ws, 3);
        asOwner("delete from audit_entry where workspace_id = ? and seq = 2", ws.id());
        asOwner("update audit_entry set seq = 2 where workspace_id = ? and seq = 3", ws.id());

        JsonNode broken = api(ws.adminToken()).get("/api/v1/audit/verify").json();
        assertThat(broken.get("failedCheck").asString()).isEqualTo("link");
        assertThat(broken.get("firstBrokenId").asLong()).isEqualTo(third);
    }

    @Test
    void removingTheLastEntryIsDetectedAgainstThePublishedHead(CapturedOutput output) {
        TestWorkspace ws = workspaceWithThreeEntries("Viimeinen Oy");
        Api admin = api(ws.adminToken());
        JsonNode head = admin.get("/api/v1/audit/head").json();
        assertThat(head.get("seq").asLong()).isEqualTo(3);
        assertThat(head.get("hash").asString()).hasSize(64);

        List<AuditAnchor.Published> published = anchor.publishDue();
        assertThat(published)
                .anySatisfy(p -> assertThat(p)
                        .isEqualTo(new AuditAnchor.Published(
                                ws.id(), 3, head.get("hash").asString(), p.at())));
        assertThat(output)
                .contains("Audit head of workspace " + ws.id() + ": seq 3 hash "
                        + head.get("hash").asString());
        // Nothing new: nothing published again.
        assertThat(anchor.publishDue()).noneMatch(p -> p.workspaceId().equals(ws.id()));
        assertThat(admin.get("/api/v1/audit/verify")
                        .json()
                        .get("publishedHeadsChecked")
                        .asInt())
                .isEqualTo(1);

        asOwner("delete from audit_entry where workspace_id = ? and seq = 3", ws.id());

        JsonNode broken = admin.get("/api/v1/audit/verify").json();
        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("entries").asLong()).isEqualTo(2);
        assertThat(broken.get("failedCheck").asString()).isEqualTo("published-head");
        assertThat(broken.get("reason").asString()).contains("position 3", "removed");
    }

    @Test
    void aHeadKeptOutsideIsCheckedOnRequest() {
        TestWorkspace ws = workspaceWithThreeEntries("Pää Oy");
        Api admin = api(ws.adminToken());
        String hash = admin.get("/api/v1/audit/head").json().get("hash").asString();
        assertThat(admin.get("/api/v1/audit/verify?seq=3&hash=" + hash)
                        .json()
                        .get("intact")
                        .asBoolean())
                .isTrue();
        JsonNode other = admin.get("/api/v1/audit/verify?seq=2&hash=" + hash).json();
        assertThat(other.get("failedCheck").asString()).isEqualTo("given-head");
        Api.Response bad = admin.get("/api/v1/audit/verify?seq=2&hash=xyz");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("hash");
        assertThat(api(ws.agentToken()).get("/api/v1/audit/head").status()).isEqualTo(403);
    }

    @Test
    void aRewriteThatRecomputesTheHashesForwardWithoutTheKeyIsDetected() {
        TestWorkspace ws = workspaceWithThreeEntries("Väärennös Oy");
        Api admin = api(ws.adminToken());
        String publishedHash =
                admin.get("/api/v1/audit/head").json().get("hash").asString();
        long second = idAt(ws, 2);

        // 1. With a guessed key: the keyed hash of the changed entry does not match.
        rewriteFrom(ws, 2, "low", new SecretKeySpec(new byte[32], "HmacSHA256"));
        JsonNode guessed = admin.get("/api/v1/audit/verify").json();
        assertThat(guessed.get("intact").asBoolean()).isFalse();
        assertThat(guessed.get("failedCheck").asString()).isEqualTo("entry-hash");
        assertThat(guessed.get("firstBrokenId").asLong()).isEqualTo(second);

        // 2. With the old unkeyed hash, the only one computable without the key: refused after a keyed entry.
        rewriteFrom(ws, 2, "low", null);
        JsonNode unkeyed = admin.get("/api/v1/audit/verify").json();
        assertThat(unkeyed.get("failedCheck").asString()).isEqualTo("unkeyed-after-keyed");
        assertThat(unkeyed.get("firstBrokenId").asLong()).isEqualTo(second);

        // 3. The whole chain rewritten in the unkeyed form reads like an old chain, but not like the head
        //    that was published before.
        anchorHead(ws, 3, publishedHash);
        rewriteFrom(ws, 1, "low", null);
        JsonNode whole = admin.get("/api/v1/audit/verify").json();
        assertThat(whole.get("failedCheck").asString()).isEqualTo("published-head");
        assertThat(whole.get("reason").asString()).contains("rewritten");
    }

    @Test
    void entriesWrittenBeforeTheChainWasKeyedStillVerify() {
        TestWorkspace ws = workspaces.create("Vanha Oy");
        // Two entries as the earlier version wrote them: SHA-256 links, no key.
        String prev = AuditLog.GENESIS;
        Instant at = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
        for (int seq = 1; seq <= 2; seq++) {
            String value = "old-" + seq;
            String hash = AuditLog.hash(
                    prev, ws.id(), at, "system", null, "mokadesk", "legacy", "workspace", null, null, value);
            workspaces
                    .owner()
                    .sql("""
                            insert into audit_entry (workspace_id, seq, chain, at, actor_type, actor_name, action,
                                                     entity_type, new_value, prev_hash, hash)
                            values (?, ?, 1, ?, 'system', 'mokadesk', 'legacy', 'workspace', ?, ?, ?)
                            """)
                    .params(ws.id(), seq, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), value, prev, hash)
                    .update();
            prev = hash;
        }
        Api agent = api(ws.agentToken());
        agent.post("/api/v1/messages", "{\"externalId\":\"v1\",\"text\":\"Hei\"}");

        Api admin = api(ws.adminToken());
        JsonNode verification = admin.get("/api/v1/audit/verify").json();
        assertThat(verification.get("intact").asBoolean())
                .as(verification.toString())
                .isTrue();
        assertThat(verification.get("entries").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(admin.get("/api/v1/audit/head").json().get("seq").asLong()).isGreaterThanOrEqualTo(2);
        String chains = workspaces
                .owner()
                .sql("select string_agg(chain::text, '' order by seq) from audit_entry where workspace_id = ?")
                .param(ws.id())
                .query(String.class)
                .single();
        assertThat(chains).startsWith("11");

        // Changing an old entry is still found, by its unkeyed hash.
        asOwner("update audit_entry set new_value = 'changed' where workspace_id = ? and seq = 1", ws.id());
        assertThat(admin.get("/api/v1/audit/verify").json().get("failedCheck").asString())
                .isEqualTo("entry-hash");
    }

    @Test
    void publishedHeadsAreSentSignedToTheSubscribedWebhook() {
        WireMockServer receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        try {
            receiver.stubFor(post(urlEqualTo("/anchor")).willReturn(aResponse().withStatus(204)));
            TestWorkspace ws = workspaceWithThreeEntries("Ankkuri Oy");
            Api admin = api(ws.adminToken());
            Api.Response set =
                    admin.putJson("/api/v1/audit/anchor", Map.of("webhookUrl", receiver.baseUrl() + "/anchor"));
            assertThat(set.status()).isEqualTo(200);
            assertThat(api(ws.agentToken())
                            .putJson("/api/v1/audit/anchor", Map.of("webhookUrl", "https://example.com/"))
                            .status())
                    .isEqualTo(403);
            Api.Response refused = admin.putJson("/api/v1/audit/anchor", Map.of("webhookUrl", "ftp://example.com/"));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("field").asString()).isEqualTo("webhookUrl");

            JsonNode head = admin.get("/api/v1/audit/head").json();
            anchor.publishDue(); // the head goes into the outbox, whose job sends it
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/anchor"))))
                            .hasSize(1));
            LoggedRequest request =
                    receiver.findAll(postRequestedFor(urlEqualTo("/anchor"))).get(0);
            JsonNode body = Api.JSON.readTree(request.getBodyAsString());
            assertThat(body.get("event").asString()).isEqualTo("audit.head");
            assertThat(body.get("workspaceId").asString()).isEqualTo(ws.id().toString());
            // The subscription itself is audited, so the head is the fourth entry.
            assertThat(body.get("seq").asLong())
                    .isEqualTo(head.get("seq").asLong())
                    .isEqualTo(4);
            assertThat(body.get("hash").asString()).isEqualTo(head.get("hash").asString());
            String secret =
                    admin.get("/api/v1/workspace").json().get("webhookSecret").asString();
            assertThat(request.getHeader("X-Mokadesk-Signature"))
                    .isEqualTo("sha256="
                            + JsonPost.signature(
                                    secret,
                                    request.getHeader("X-Mokadesk-Timestamp") + "." + request.getBodyAsString()));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(admin.get("/api/v1/audit/anchor/deliveries")
                                    .json()
                                    .get(0)
                                    .get("state")
                                    .asString())
                            .isEqualTo("sent"));
        } finally {
            receiver.stop();
        }
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteEntries() {
        TestWorkspace ws = workspaces.create("Append Only Oy");
        String conv = api(ws.agentToken())
                .post("/api/v1/messages", "{\"externalId\":\"a1\",\"text\":\"Hei\"}")
                .json()
                .get("conversationId")
                .asString();
        api(ws.agentToken()).patch("/api/v1/conversations/" + conv, "{\"status\":\"pending\"}");

        assertThatThrownBy(() -> Tenant.run(
                        ws.id(),
                        () -> jdbc.sql("update audit_entry set action = 'x'").update()))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> Tenant.run(
                        ws.id(), () -> jdbc.sql("delete from audit_entry").update()))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> Tenant.run(
                        ws.id(), () -> jdbc.sql("delete from audit_head").update()))
                .isInstanceOf(DataAccessException.class);
        // Even the owner is stopped by the trigger.
        assertThatThrownBy(() -> workspaces
                        .owner()
                        .sql("delete from audit_entry where workspace_id = ?")
                        .param(ws.id())
                        .update())
                .rootCause()
                .hasMessageContaining("not allowed");
        assertThat(api(ws.adminToken())
                        .get("/api/v1/audit/verify")
                        .json()
                        .get("entries")
                        .asLong())
                .isEqualTo(1);
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private TestWorkspace workspaceWithThreeEntries(String name) {
        TestWorkspace ws = workspaces.create(name);
        Api agent = api(ws.agentToken());
        String conv = agent.post("/api/v1/messages", "{\"externalId\":\"a1\",\"text\":\"Hei\"}")
                .json()
                .get("conversationId")
                .asString();
        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"pending\"}");
        agent.patch("/api/v1/conversations/" + conv, "{\"priority\":\"urgent\"}");
        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"resolved\"}");
        return ws;
    }

    private long idAt(TestWorkspace ws, long seq) {
        return workspaces
                .owner()
                .sql("select id from audit_entry where workspace_id = ? and seq = ?")
                .params(ws.id(), seq)
                .query(Long.class)
                .single();
    }

    /** An operator with owner rights edits history behind the application's back. */
    private void asOwner(String sql, Object... params) {
        JdbcClient owner = workspaces.owner();
        owner.sql("alter table audit_entry disable trigger audit_entry_append_only")
                .update();
        try {
            owner.sql(sql).params(params).update();
        } finally {
            owner.sql("alter table audit_entry enable trigger audit_entry_append_only")
                    .update();
        }
    }

    private void anchorHead(TestWorkspace ws, long seq, String hash) {
        workspaces
                .owner()
                .sql("insert into audit_head (workspace_id, seq, hash, entry_at) values (?, ?, ?, now())"
                        + " on conflict do nothing")
                .params(ws.id(), seq, hash)
                .update();
    }

    /**
     * Changes the entry at {@code from} and recomputes every hash from there to the end, as a forger
     * would: with {@code key} (keyed form) or, when null, with the unkeyed SHA-256 form.
     */
    private void rewriteFrom(TestWorkspace ws, long from, String newValue, javax.crypto.SecretKey key) {
        var rows = workspaces.owner().sql("""
                        select seq, at, actor_type, actor_id, actor_name, action, entity_type, entity_id, old_value,
                               new_value, hash
                          from audit_entry where workspace_id = ? order by seq
                        """).param(ws.id()).query().listOfRows();
        String prev = AuditLog.GENESIS;
        for (Map<String, Object> r : rows) {
            long seq = ((Number) r.get("seq")).longValue();
            if (seq < from) {
                prev = (String) r.get("hash");
                continue;
            }
            String value = seq == from ? newValue : (String) r.get("new_value");
            Instant at = ((java.sql.Timestamp) r.get("at")).toInstant();
            String[] f = {
                (String) r.get("actor_type"), (String) r.get("actor_id"), (String) r.get("actor_name"),
                (String) r.get("action"), (String) r.get("entity_type"), (String) r.get("entity_id"),
                (String) r.get("old_value"), value
            };
            UUID w = ws.id();
            String hash = key == null
                    ? AuditLog.hash(prev, w, at, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7])
                    : AuditLog.keyedHash(key, prev, w, seq, at, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
            asOwner(
                    "update audit_entry set new_value = ?, prev_hash = ?, hash = ?, chain = ? where workspace_id = ?"
                            + " and seq = ?",
                    value,
                    prev,
                    hash,
                    key == null ? AuditLog.UNKEYED : AuditLog.KEYED,
                    w,
                    seq);
            prev = hash;
        }
    }
}
