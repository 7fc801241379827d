package fi.mokadesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.database.OwnerDataSource;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Many integrations at once, with re-deliveries racing the originals: every message once, counts right. */
class ConcurrentIngestTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    OwnerDataSource owner;

    @Test
    void concurrentDeliveriesAndRedeliveriesStoreEachMessageExactlyOnce() throws Exception {
        TestWorkspace a = workspaces.create("Kiire Oy");
        TestWorkspace b = workspaces.create("Ruuhka Oy");
        Map<String, String> messageIdByExternal = new ConcurrentHashMap<>();
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<?>> jobs = new java.util.ArrayList<>();
        for (int worker = 0; worker < 12; worker++) {
            int w = worker;
            jobs.add(pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    // 60 distinct messages per workspace, each sent by several workers; 10 threads of 6.
                    int n = (w * 7 + i) % 60;
                    TestWorkspace ws = (i % 2 == 0) ? a : b;
                    Api.Response r = api(ws.agentToken())
                            .postJson(
                                    "/api/v1/messages",
                                    Map.of(
                                            "externalId", "m-" + n,
                                            "threadKey", "thread-" + (n % 10),
                                            "author", Map.of("handle", "asiakas-" + (n % 10)),
                                            "text", "Viesti numero " + n));
                    String key = ws.id() + "/" + n;
                    String id = r.json().get("messageId").asString();
                    String before = messageIdByExternal.putIfAbsent(key, id);
                    if (before != null) assertThat(id).isEqualTo(before);
                    statuses.merge(r.status() + "", 1, Integer::sum);
                }
                return null;
            }));
        }
        for (Future<?> job : jobs) job.get(2, TimeUnit.MINUTES);
        pool.shutdown();

        assertThat(statuses.keySet()).containsOnly("200", "201");
        for (TestWorkspace ws : List.of(a, b)) {
            long messages = workspaces
                    .owner()
                    .sql("select count(*) from message where workspace_id = ?")
                    .param(ws.id())
                    .query(Long.class)
                    .single();
            long distinct = messageIdByExternal.keySet().stream()
                    .filter(k -> k.startsWith(ws.id() + "/"))
                    .count();
            assertThat(messages).isEqualTo(distinct);
            long conversations = workspaces
                    .owner()
                    .sql("select count(*) from conversation where workspace_id = ?")
                    .param(ws.id())
                    .query(Long.class)
                    .single();
            assertThat(conversations).isEqualTo(10);
            long mismatched =
                    workspaces.owner().sql("""
                        select count(*) from conversation c
                         where c.workspace_id = ? and c.message_count <>
                               (select count(*) from message m where m.workspace_id = c.workspace_id and m.conversation_id = c.id)
                        """).param(ws.id()).query(Long.class).single();
            assertThat(mismatched).isZero();
            long contacts = workspaces
                    .owner()
                    .sql("select count(*) from contact_identity where workspace_id = ?")
                    .param(ws.id())
                    .query(Long.class)
                    .single();
            assertThat(contacts).isEqualTo(10);
        }
        assertThat(statuses.get("201")).isEqualTo(messageIdByExternal.size());
    }

    /**
     * The ingest writers take turns at their statements; a batch that waits for a row lock must not hold up
     * messages to other conversations behind its turn.
     */
    @Test
    void aMessageWaitingForALockedConversationDoesNotHoldUpOtherConversations() throws Exception {
        TestWorkspace ws = workspaces.create("Lukko Oy");
        Api.Response first = api(ws.agentToken())
                .postJson(
                        "/api/v1/messages",
                        Map.of("externalId", "lukittu-1", "threadKey", "lukittu", "text", "Ensimmäinen viesti"));
        assertThat(first.status()).isEqualTo(201);
        String conversation = first.json().get("conversationId").asString();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection holder = owner.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock =
                    holder.prepareStatement("select 1 from conversation where id = ?::uuid for update")) {
                lock.setString(1, conversation);
                lock.executeQuery().close();
            }
            Future<Api.Response> waiting = pool.submit(() -> api(ws.agentToken())
                    .postJson(
                            "/api/v1/messages",
                            Map.of("externalId", "lukittu-2", "threadKey", "lukittu", "text", "Toinen viesti")));
            Thread.sleep(500); // its batch is now waiting for the lock
            assertThat(waiting.isDone()).isFalse();
            for (int i = 0; i < 3; i++) {
                Future<Api.Response> other = pool.submit(() -> api(ws.agentToken())
                        .postJson(
                                "/api/v1/messages",
                                Map.of("externalId", "vapaa-" + System.nanoTime(), "text", "Eri keskustelu")));
                assertThat(other.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
            }
            assertThat(waiting.isDone()).isFalse();
            holder.rollback();
            assertThat(waiting.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        } finally {
            pool.shutdownNow();
        }
    }
}
