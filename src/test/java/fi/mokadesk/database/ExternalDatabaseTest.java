package fi.mokadesk.database;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.MokadeskApplication;
import fi.mokadesk.support.Api;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An operator's own PostgreSQL, reached by URL, owned by an ordinary (non-superuser) account: the desk
 * migrates it, works through its non-owner role, and isolation still holds.
 */
class ExternalDatabaseTest {

    @Test
    void theDeskRunsOnAnExternalDatabaseOwnedByAnOrdinaryAccount() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            try (Connection c = external.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("create role desk_owner login password 'owner-secret' createrole");
                s.execute("create database desk owner desk_owner");
            }
            String url = "jdbc:postgresql://localhost:" + external.getPort() + "/desk";
            try (ConfigurableApplicationContext desk = new SpringApplicationBuilder(MokadeskApplication.class)
                    .run(
                            "--server.port=0",
                            "--mokadesk.db.url=" + url,
                            "--mokadesk.db.user=desk_owner",
                            "--mokadesk.db.password=owner-secret",
                            "--mokadesk.db.pool-size=4",
                            "--mokadesk.demo=true",
                            "--mokadesk.admin-password=external-admin",
                            "--mokadesk.bootstrap-token=external-token",
                            "--db-scheduler.enabled=false",
                            "--mokadesk.secret-key="
                                    + java.util.Base64.getEncoder().encodeToString(new byte[32]))) {
                int port = ((WebServerApplicationContext) desk).getWebServer().getPort();
                Api api = new Api("http://localhost:" + port, "external-token");
                Api.Response stored =
                        api.post("/api/v1/messages", "{\"externalId\":\"e1\",\"text\":\"Hei ulkoisesta kannasta\"}");
                assertThat(stored.status()).isEqualTo(201);
                assertThat(api.get("/api/v1/conversations").json().get("items")).hasSize(1);
                assertThat(api.get("/api/v1/audit/verify").json().get("intact").asBoolean())
                        .isTrue();

                try (Connection c = java.sql.DriverManager.getConnection(url, "desk_owner", "owner-secret");
                        Statement s = c.createStatement()) {
                    // The demo workspace exists beside the first one, and the application role sees neither
                    // without a workspace selected.
                    var all = s.executeQuery("select count(*) from workspace");
                    all.next();
                    assertThat(all.getInt(1)).isEqualTo(2);
                    s.execute("set role mokadesk_app");
                    var none = s.executeQuery("select count(*) from message");
                    none.next();
                    assertThat(none.getInt(1)).isZero();
                }
            }
        }
    }
}
