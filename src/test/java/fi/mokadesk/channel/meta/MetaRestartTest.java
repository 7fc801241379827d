package fi.mokadesk.channel.meta;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.ChildDesk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Fault test: Meta got its 200 but the desk died before processing the body (here its processing is off, so
 * the gap is certain, and the desk is killed with {@code kill -9}). After the restart the stored body is
 * processed and the customer's comment is in the inbox.
 */
@Tag("fault")
class MetaRestartTest {

    private static final Duration START = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    @Test
    void aBodyAcknowledgedBeforeACrashIsProcessedAfterTheRestart() {
        try (MetaFixture meta = new MetaFixture(null)) {
            Path data = tmp.resolve("data");
            Map<String, String> env = new HashMap<>();
            env.put("MOKADESK_ALLOW_PRIVATE_URLS", "true");
            env.put("MOKADESK_DB_PORT", Integer.toString(ChildDesk.freePort()));
            Map<String, String> stopped = new HashMap<>(env);
            stopped.put("MOKADESK_META_PROCESSING", "false");
            String pageId = MetaFixture.id();
            String commentId = pageId + "_" + MetaFixture.id();
            String secret = "restart-secret-" + pageId;
            ChildDesk desk = ChildDesk.start(data, stopped).awaitReady(START);
            try {
                Api admin = desk.api();
                meta.facebook(admin, pageId, secret, "verify-" + pageId, false);
                meta.base = desk.base();
                String body = MetaPayloads.comment(
                        pageId,
                        System.currentTimeMillis() / 1000,
                        "add",
                        pageId + "_9",
                        commentId,
                        pageId + "_9",
                        "61",
                        "Kaisa",
                        "Vastatkaa jo!",
                        System.currentTimeMillis() / 1000);
                assertThat(meta.signed(secret, body).status()).isEqualTo(200);
                assertThat(conversations(admin)).isZero();
                desk.killDeskAndDatabase();
            } finally {
                desk.close();
            }
            try (ChildDesk restarted = ChildDesk.start(data, env).awaitReady(START)) {
                Api admin = restarted.api();
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> conversations(admin) == 1);
                JsonNode list =
                        admin.get("/api/v1/conversations?channel=facebook").json();
                assertThat(list.toString()).contains("Vastatkaa jo!");
            }
        }
    }

    private static int conversations(Api api) {
        return api.get("/api/v1/conversations?channel=facebook")
                .json()
                .get("items")
                .size();
    }
}
