package fi.mokadesk.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.ChildDesk;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Fault test: the desk (its JVM and its PostgreSQL) is killed with {@code kill -9} while it imports a
 * mailbox, and restarted on the same data directory; later it is restarted between two polls. Every mail
 * ends up as exactly one message: none lost, none twice.
 */
@Tag("fault")
class EmailCrashTest {

    private static final Duration START = Duration.ofSeconds(180);
    private static final int MAILS = 600;

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    Path tmp;

    @Test
    void noMailIsLostOrImportedTwiceAcrossACrashMidImportAndARestartBetweenPolls() throws Exception {
        GreenMailUser box = mail.setUser("crash@kuppi.fi", "crash", "salasana");
        deliver(box, 0, MAILS);
        Path data = tmp.resolve("data");
        Map<String, String> env = Map.of("MOKADESK_ALLOW_PRIVATE_URLS", "true");

        ChildDesk desk = ChildDesk.start(data, env).awaitReady(START);
        try {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("imapHost", "127.0.0.1");
            settings.put("imapPort", mail.getImap().getPort());
            settings.put("imapSecurity", "none");
            settings.put("username", "crash");
            settings.put("password", "salasana");
            settings.put("pollSeconds", 1);
            Api.Response created = desk.api()
                    .postJson("/api/v1/channels", Map.of("type", "email", "name", "Kaatuva", "settings", settings));
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            // Kill everything as soon as the import has begun and before it has finished.
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            int seen = 0;
            while ((seen = subjects(desk.api()).size()) == 0 && System.nanoTime() < deadline) Thread.sleep(50);
            desk.killDeskAndDatabase();
            assertThat(seen).as("imported before the crash").isPositive();
        } finally {
            desk.close();
        }

        desk = ChildDesk.start(data, env).awaitReady(START);
        try {
            awaitSubjects(desk, MAILS);
            // Restart between polls, with new mail waiting.
            desk.close();
            deliver(box, MAILS, MAILS + 50);
        } finally {
            desk.close();
        }
        desk = ChildDesk.start(data, env).awaitReady(START);
        try {
            awaitSubjects(desk, MAILS + 50);
            Thread.sleep(3000); // a few more polls: still nothing twice
            Set<String> subjects = subjects(desk.api());
            assertThat(subjects).hasSize(MAILS + 50);
            long messages = 0;
            for (JsonNode c : conversations(desk.api()))
                messages += c.get("messageCount").asLong();
            assertThat(messages).isEqualTo(MAILS + 50);
        } finally {
            desk.close();
        }
    }

    private static void deliver(GreenMailUser box, int from, int to) throws Exception {
        Session session = GreenMailUtil.getSession(ServerSetupTest.IMAP);
        for (int i = from; i < to; i++) {
            String raw = """
                    From: asiakas%1$d@example.fi
                    Subject: Viesti %1$d
                    Message-ID: <crash-%1$d@example.fi>

                    Tämä on viesti numero %1$d.
                    """.formatted(i);
            box.deliver(new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        }
    }

    private static void awaitSubjects(ChildDesk desk, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (subjects(desk.api()).size() < expected) {
            if (System.nanoTime() > deadline) throw new AssertionError("not all mails arrived:\n" + desk.output());
            Thread.sleep(500);
        }
    }

    private static Set<String> subjects(Api api) {
        Set<String> subjects = new HashSet<>();
        for (JsonNode c : conversations(api)) {
            assertThat(subjects.add(c.get("subject").asString()))
                    .as("twice: " + c)
                    .isTrue();
        }
        return subjects;
    }

    private static java.util.List<JsonNode> conversations(Api api) {
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/conversations?channel=email&limit=100"
                            + (cursor == null
                                    ? ""
                                    : "&cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8)))
                    .json();
            page.get("items").forEach(all::add);
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return all;
    }
}
