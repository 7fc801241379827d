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
import fi.mokadesk.workspace.Access;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Import of 10,000 mails from a GreenMail mailbox (same JVM, same two cores): mails/s until all are
 * conversations, and the inbox's latency while the import runs. Not part of the test run (surefire skips
 * *Benchmark*); run it with
 * {@code ./mvnw -o test -Dtest=EmailImportBenchmark -Dspotless.check.skip=true -Dmails=10000 -DpipelineMails=10000}.
 */
class EmailImportBenchmark extends DeskTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    EmailPoller poller;

    @Autowired
    EmailImport importer;

    @Test
    void importTenThousandMails() throws Exception {
        int count = Integer.getInteger("mails", 10_000);
        TestWorkspace ws = workspaces.create("Benchmark Oy");
        GreenMailUser box = mail.setUser("bench@kuppi.fi", "bench", "salasana");
        Session session = GreenMailUtil.getSession(ServerSetupTest.IMAP);
        for (int i = 0; i < count; i++) {
            box.deliver(new MimeMessage(session, new ByteArrayInputStream(raw(i, "bench"))));
        }

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("imapHost", "127.0.0.1");
        settings.put("imapPort", mail.getImap().getPort());
        settings.put("imapSecurity", "none");
        settings.put("username", "bench");
        settings.put("password", "salasana");
        settings.put("fromAddress", "bench@kuppi.fi");
        settings.put("pollSeconds", 86_400);
        settings.put("idle", false);
        Api agent = api(ws.agentToken());
        // The desk has been in use before the mail arrives: the inbox query is warm, as on a working day.
        for (int i = 0; i < 200; i++) {
            agent.get("/api/v1/conversations?limit=50");
        }
        Api admin = api(ws.adminToken());
        // A day between polls: after the first (background) turn the benchmark reads the mailbox itself.
        Api.Response created =
                admin.postJson("/api/v1/channels", Map.of("type", "email", "name", "bench", "settings", settings));
        assertThat(created.status()).isEqualTo(201);
        UUID channel = UUID.fromString(created.json().get("id").asString());

        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> inbox = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (running.get()) {
                long t = System.nanoTime();
                agent.get("/api/v1/conversations?limit=50");
                synchronized (inbox) {
                    inbox.add((System.nanoTime() - t) / 1_000_000);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long start = System.nanoTime();
        reader.start();
        int imported = 0;
        while (imported < count && messages(ws) < count) { // the background turn may take some too
            EmailPoller.Polled polled = Access.callAs(Access.system(ws.id(), "bench"), () -> poller.poll(channel));
            imported += polled.imported() + polled.skipped();
            if (polled.lastUid() < 0 && polled.error() == null) Thread.sleep(50);
            assertThat(polled.error()).isNull();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        reader.join();
        List<Long> sorted;
        synchronized (inbox) {
            sorted = inbox.stream().sorted().toList();
        }
        long p50 = sorted.get(sorted.size() / 2), p95 = sorted.get((int) (sorted.size() * 0.95));
        System.out.printf(
                "EMAIL IMPORT inbox: p99 %d ms, max %d ms%n",
                sorted.get((int) (sorted.size() * 0.99)), sorted.get(sorted.size() - 1));
        long messages = messages(ws);
        System.out.printf(
                "EMAIL IMPORT: %d mails in %.1f s = %.0f mails/s; %d messages; inbox p50 %d ms, p95 %d ms (%d requests);"
                        + " load average before %.2f, after %.2f, %d cores%n",
                count,
                seconds,
                count / seconds,
                messages,
                p50,
                p95,
                sorted.size(),
                load,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        assertThat(messages).isEqualTo(count);
    }

    private static final String PDF = Base64.getMimeEncoder().encodeToString(new byte[8 * 1024]);

    /** Mail number {@code i}: plain, Latin-1 multipart/alternative, a reply, or one with an attachment. */
    private static byte[] raw(int i, String run) {
        String raw = switch (i % 4) {
            case 0 -> """
                        From: Asiakas %1$d <asiakas%1$d@example.fi>
                        Subject: Tilaus %1$d
                        Message-ID: <%3$s-%1$d@example.fi>
                        Content-Type: text/plain; charset=utf-8

                        Hei, tilaukseni %1$d on myöhässä. Milloin se tulee? Terveisin asiakas.
                        """.formatted(i, 0, run);
            case 1 -> """
                        From: asiakas%1$d@example.fi
                        Subject: =?ISO-8859-1?Q?Palaute_=E4=F6=E5_%1$d?=
                        Message-ID: <%3$s-%1$d@example.fi>
                        Content-Type: multipart/alternative; boundary=a

                        --a
                        Content-Type: text/plain; charset=utf-8

                        Kahvi oli hyvää, kiitos!
                        --a
                        Content-Type: text/html; charset=utf-8

                        <p>Kahvi oli <b>hyvää</b>, kiitos!</p>
                        --a--
                        """.formatted(i, 0, run);
            case 2 -> """
                        From: asiakas%2$d@example.fi
                        Subject: Re: Tilaus %2$d
                        Message-ID: <%3$s-%1$d@example.fi>
                        In-Reply-To: <%3$s-%2$d@example.fi>

                        Lisäksi paketti oli rikki.

                        Asiakas kirjoitti:
                        > Hei, tilaukseni on myöhässä.
                        """.formatted(i, i - 2, run);
            default -> """
                        From: asiakas%1$d@example.fi
                        Subject: Kuitti %1$d
                        Message-ID: <%3$s-%1$d@example.fi>
                        Content-Type: multipart/mixed; boundary=m

                        --m
                        Content-Type: text/plain

                        Kuitti liitteenä.
                        --m
                        Content-Type: application/pdf; name=kuitti.pdf
                        Content-Transfer-Encoding: base64

                        %2$s
                        --m--
                        """.formatted(i, PDF, run);
        };
        return raw.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The import pipeline alone (parse, thread, ingest, record), fed the same mails from memory: what the desk
     * itself manages, without the test mail server (GreenMail answers each FETCH in time proportional to the
     * folder's size, so a 10,000-mail folder measures GreenMail more than Mokadesk).
     */
    @Test
    void importPipelineWithoutImap() {
        int count = Integer.getInteger("pipelineMails", 10_000);
        TestWorkspace ws = workspaces.create("Putki Oy");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("imapHost", "127.0.0.1");
        settings.put("imapPort", mail.getImap().getPort());
        settings.put("imapSecurity", "none");
        settings.put("username", "putki");
        settings.put("password", "salasana");
        settings.put("pollSeconds", 86_400);
        settings.put("idle", false);
        mail.setUser("putki@kuppi.fi", "putki", "salasana");
        UUID channel = UUID.fromString(api(ws.adminToken())
                .postJson("/api/v1/channels", Map.of("type", "email", "name", "putki", "settings", settings))
                .json()
                .get("id")
                .asString());
        String run = "pipe" + System.nanoTime();
        long start = System.nanoTime();
        for (int from = 0; from < count; from += EmailPoller.CHUNK) {
            List<EmailImport.Fetched> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + EmailPoller.CHUNK); i++) {
                chunk.add(new EmailImport.Fetched(i + 1, raw(i, run), false, null));
            }
            Access.runAs(Access.system(ws.id(), "bench"), () -> importer.importMails(channel, null, chunk));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "EMAIL PIPELINE: %d mails in %.1f s = %.0f mails/s; load average %.2f, %d cores%n",
                count,
                seconds,
                count / seconds,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        assertThat(messages(ws)).isEqualTo(count);
    }

    private long messages(TestWorkspace ws) {
        return workspaces
                .owner()
                .sql("select count(*) from message where workspace_id = ?")
                .param(ws.id())
                .query(Long.class)
                .single();
    }
}
