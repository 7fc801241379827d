package fi.mokadesk.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * IMAP IDLE against a real server (GreenMail has IDLE): with a poll interval of an hour, a new mail still
 * becomes a conversation within seconds; disabling the channel ends its IDLE connection.
 */
// The other test desks of the build share this database and keep IDLE off (application-test.properties):
// this desk is the one node that watches mailboxes, as in a cluster where only one node has IDLE.
@TestPropertySource(properties = "mokadesk.email.idle=true")
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class EmailIdleTest extends DeskTest {

    @RegisterExtension
    static GreenMailExtension mail =
            new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP)).withPerMethodLifecycle(false);

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    EmailIdle idle;

    @Test
    void newMailArrivesWithinSecondsWithoutWaitingForThePollAndDisablingEndsTheWatch() throws Exception {
        TestWorkspace ws = workspaces.create("Heti Oy");
        GreenMailUser box = mail.setUser("heti@kuppi.fi", "heti", "salasana");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("imapHost", "127.0.0.1");
        settings.put("imapPort", mail.getImap().getPort());
        settings.put("imapSecurity", "none");
        settings.put("username", "heti");
        settings.put("password", "salasana");
        settings.put("pollSeconds", 3600); // the poll job reads it once now, then not for an hour
        Api admin = api(ws.adminToken());
        Api.Response created =
                admin.postJson("/api/v1/channels", Map.of("type", "email", "name", "Heti", "settings", settings));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID channel = UUID.fromString(created.json().get("id").asString());

        // The first poll has been made and the IDLE connection is up: from now on only IDLE can bring mail.
        // Other test desks share this database and are nodes of the same cluster: whichever took the
        // channel's IDLE lock watches it.
        await(Duration.ofSeconds(60), () -> firstPollDone(channel) && watchedByAnyNode(channel));

        Instant sent = Instant.now();
        box.deliver(
                new MimeMessage(GreenMailUtil.getSession(ServerSetupTest.IMAP), new ByteArrayInputStream("""
                        From: Aino Asiakas <aino@example.fi>
                        Subject: Heti perille
                        Message-ID: <heti-1@example.fi>
                        Content-Type: text/plain; charset=utf-8

                        Tuleeko tämä heti?
                        """.getBytes(
                                StandardCharsets.UTF_8))));
        Api agent = api(ws.agentToken());
        await(
                Duration.ofSeconds(30),
                () -> agent.get("/api/v1/conversations?channel=email&limit=10")
                        .body()
                        .contains("Heti perille"));
        // Well before the hour of the poll interval (seconds, with room for a slow shared machine).
        assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(agent.get("/api/v1/conversations?channel=email&limit=10")
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);

        assertThat(admin.post("/api/v1/channels/" + channel + "/disable", "").status())
                .isBetween(200, 299);
        await(
                Duration.ofSeconds(60),
                () -> !watchedByAnyNode(channel) && !idle.watching().contains(channel));
    }

    /** Some node holds the channel's IDLE lock (MailboxLocks: an advisory lock on a hash of its name). */
    private boolean watchedByAnyNode(UUID channel) {
        return workspaces
                .owner()
                .sql("""
                        select exists (select 1 from pg_locks
                                        where locktype = 'advisory' and granted
                                          and ((classid::bigint << 32) | objid::bigint) = hashtextextended(?, 0))
                        """)
                .param("mokadesk:email-idle:" + channel)
                .query(Boolean.class)
                .single();
    }

    private boolean firstPollDone(UUID channel) {
        return workspaces
                        .owner()
                        .sql("select count(*) from email_mailbox where channel_id = ? and last_poll_at is not null")
                        .param(channel)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private static void await(Duration atMost, BooleanSupplier condition) throws InterruptedException {
        Instant until = Instant.now().plus(atMost);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) throw new AssertionError("not within " + atMost);
            Thread.sleep(200);
        }
    }
}
