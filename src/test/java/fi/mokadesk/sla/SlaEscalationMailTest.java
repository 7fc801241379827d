package fi.mokadesk.sla;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import fi.mokadesk.channel.Deliveries;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The escalation chain end to end, with a mail server (GreenMail) and a chat incoming webhook (WireMock): a
 * first response an hour and ten minutes late tells the assignee, the leads and the admins, each by email
 * once, and the policy's chat channel once per step, every copy with an absolute link to the conversation
 * under the desk's public address ({@code MOKADESK_PUBLIC_URL}).
 */
class SlaEscalationMailTest extends DeskTest {

    static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    static final WireMockServer CHAT = new WireMockServer(options().dynamicPort());

    static {
        SMTP.start();
        CHAT.start();
    }

    @DynamicPropertySource
    static void mailAndAddress(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("mokadesk.mail-from", () -> "mokadesk@desk.example.fi");
        registry.add("mokadesk.public-url", () -> "https://desk.example.fi/");
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
        CHAT.stop();
    }

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    SlaSweep sweep;

    @Autowired
    Deliveries deliveries;

    @Test
    void aBreachReachesTheAssigneeLeadsAndAdminsByEmailAndChatWithAbsoluteLinks() throws Exception {
        CHAT.stubFor(post(urlEqualTo("/hooks/sla")).willReturn(aResponse().withStatus(200)));
        TestWorkspace ws = workspaces.create("SLA Ketju " + UUID.randomUUID());
        String leadEmail = "liidi-" + UUID.randomUUID().toString().substring(0, 8) + "@test.fi";
        UUID lead = workspaces
                .owner()
                .sql("insert into app_user (email, display_name, password_hash) values (?, 'Liisa Liidi', 'x')"
                        + " returning id")
                .param(leadEmail)
                .query(UUID.class)
                .single();
        workspaces
                .owner()
                .sql("insert into membership (workspace_id, user_id, role) values (?, ?, 'lead')")
                .params(ws.id(), lead)
                .update();
        Api admin = api(ws.adminToken());
        Map<String, Object> policy = SlaDeskTest.aroundTheClock("24/7", 60);
        policy.put("chatWebhookUrl", CHAT.baseUrl() + "/hooks/sla");
        Api.Response created = admin.postJson("/api/v1/sla/policies", policy);
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        // Written 130 minutes ago with 60 minutes to answer: due 70 minutes ago, so the assignee (at the due
        // time), the leads (15 min after) and the admins (60 min after) are all due.
        UUID conversation = SlaDeskTest.ingest(admin, "email", Instant.now().minusSeconds(130 * 60));
        admin.patch("/api/v1/conversations/" + conversation, "{\"assigneeId\":\"" + ws.agentId() + "\"}");
        sweep.sweep();
        sweep.sweep(); // a second sweep of the same moment tells nobody again

        String link = "https://desk.example.fi/conversations/" + conversation;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((mailsTo(ws.agentEmail(), leadEmail, ws.adminEmail()).size() < 3
                        || CHAT.findAll(postRequestedFor(urlEqualTo("/hooks/sla")))
                                        .size()
                                < 3)
                && System.nanoTime() < deadline) {
            deliveries.dispatchDue();
            Thread.sleep(200);
        }
        deliveries.dispatchDue();

        List<MimeMessage> mails = mailsTo(ws.agentEmail(), leadEmail, ws.adminEmail());
        assertThat(mails.stream().map(SlaEscalationMailTest::recipient))
                .containsExactlyInAnyOrder(ws.agentEmail(), leadEmail, ws.adminEmail());
        for (MimeMessage mail : mails) {
            assertThat(mail.getSubject()).startsWith("Ensivastauksen aika ylittyi");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("mokadesk@desk.example.fi");
            assertThat(mail.getContent().toString()).contains(link);
        }
        var posts = CHAT.findAll(postRequestedFor(urlEqualTo("/hooks/sla")));
        assertThat(posts).hasSize(3); // one per step of the chain
        assertThat(posts)
                .allSatisfy(p -> assertThat(p.getBodyAsString())
                        .contains("\"text\":\"Ensivastauksen aika ylittyi")
                        .contains(link));
    }

    private static List<MimeMessage> mailsTo(String... addresses) {
        List<String> wanted = Arrays.asList(addresses);
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> wanted.contains(recipient(m)))
                .toList();
    }

    private static String recipient(MimeMessage mail) {
        try {
            return mail.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
