package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Test workspaces for the reply workflow: a lead next to the usual people, and conversations to answer. */
final class ReplyDesk {

    /** The complaint the analysis reliably reads as negative. */
    static final String COMPLAINT = "Paketti on viikon myöhässä eikä kukaan vastaa. Todella huonoa palvelua, peruutan"
            + " tilauksen jos ei tule tänään!";

    private ReplyDesk() {}

    /** Adds a lead person (email, password as the workspace's) and returns a lead API token. */
    static String leadToken(TestWorkspaces workspaces, TestWorkspace ws) {
        String secret = "test-lead-" + UUID.randomUUID();
        workspaces
                .owner()
                .sql("insert into api_token (workspace_id, name, role, token_hash) values (?, 'lead token', 'lead', ?)")
                .params(ws.id(), sha256(secret))
                .update();
        return secret;
    }

    /** A second admin token: another person than the first admin token, for review. */
    static String adminToken(TestWorkspaces workspaces, TestWorkspace ws) {
        String secret = "test-admin2-" + UUID.randomUUID();
        workspaces
                .owner()
                .sql("insert into api_token (workspace_id, name, role, token_hash) values (?, 'admin 2', 'admin', ?)")
                .params(ws.id(), sha256(secret))
                .update();
        return secret;
    }

    /** A lead person who signs in with the workspace's password. */
    static String leadPerson(TestWorkspaces workspaces, TestWorkspace ws) {
        String email = "lead-" + UUID.randomUUID().toString().substring(0, 8) + "@test.fi";
        String hash = workspaces
                .owner()
                .sql("select password_hash from app_user where id = ?")
                .param(ws.agentId())
                .query(String.class)
                .single();
        UUID id = workspaces
                .owner()
                .sql("insert into app_user (email, display_name, password_hash) values (?, 'Liidi Laura', ?)"
                        + " returning id")
                .params(email, hash)
                .query(UUID.class)
                .single();
        workspaces
                .owner()
                .sql("insert into membership (workspace_id, user_id, role) values (?, ?, 'lead')")
                .params(ws.id(), id)
                .update();
        return email;
    }

    /** A conversation with one customer message; returns its id. */
    static String conversation(Api api, String externalId, String text, boolean isPublic) {
        Api.Response r = api.postJson(
                "/api/v1/messages",
                Map.of(
                        "channel", "api",
                        "externalId", externalId,
                        "threadKey", externalId,
                        "author", Map.of("name", "Kalle Kuluttaja"),
                        "text", text,
                        "public", isPublic));
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("conversationId").asString();
    }

    /** A public conversation whose thread the analysis has found negative. */
    static String negativePublicConversation(Api api, String externalId) {
        String id = conversation(api, externalId, COMPLAINT, true);
        long until = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < until) {
            JsonNode c = api.get("/api/v1/conversations/" + id).json().get("conversation");
            if ("negative".equals(c.path("sentiment").asString(""))) return id;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the complaint was not analysed as negative in time");
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
