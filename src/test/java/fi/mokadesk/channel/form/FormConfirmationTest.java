package fi.mokadesk.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import fi.mokadesk.channel.Deliveries;
import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A form with {@code confirmationEmail} on: the customer gets a confirmation through the workspace's email
 * channel (its SMTP server and sender address, via the outbox), in their language, with nothing they typed;
 * a spam-trapped submission and the health monitor's canary get none.
 */
class FormConfirmationTest extends DeskTest {

    @RegisterExtension
    static GreenMailExtension mail =
            new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP)).withPerMethodLifecycle(false);

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    Deliveries deliveries;

    @Autowired
    FormMonitor monitor;

    @Test
    void anAcceptedSubmissionIsConfirmedFromTheCompanysMailboxButSpamAndCanariesAreNot() throws Exception {
        TestWorkspace ws = workspaces.create("Vahvistus Oy");
        Api admin = api(ws.adminToken());
        mail.setUser("palvelu@kuppi.fi", "palvelu", "salasana");
        Map<String, Object> email = new LinkedHashMap<>();
        email.put("imapHost", "127.0.0.1");
        email.put("imapPort", mail.getImap().getPort());
        email.put("imapSecurity", "none");
        email.put("username", "palvelu");
        email.put("password", "salasana");
        email.put("smtpHost", "127.0.0.1");
        email.put("smtpPort", mail.getSmtp().getPort());
        email.put("smtpSecurity", "none");
        email.put("fromAddress", "palvelu@kuppi.fi");
        email.put("fromName", "Kahvila Kuppi");
        email.put("pollSeconds", 3600);
        email.put("idle", false);
        assertThat(admin.postJson("/api/v1/channels", Map.of("type", "email", "name", "Posti", "settings", email))
                        .status())
                .isEqualTo(201);
        FormSupport.Created form = FormSupport.create(admin, "Ota yhteyttä", Map.of("confirmationEmail", true));
        String url = "http://localhost:" + port + "/f/" + form.key();

        Map<String, String> customer =
                FormSupport.customer("Aino", "aino.vahvistus@example.fi", "Missä tilaukseni on?");
        customer.put("lang", "en");
        assertThat(FormSupport.postJson(url, customer).status()).isEqualTo(201);
        Map<String, String> bot = FormSupport.customer("Botti", "botti.vahvistus@example.fi", "Halpoja lääkkeitä");
        bot.put("website", "https://roskaa.example.com"); // the honeypot: answered as accepted, kept as spam
        assertThat(FormSupport.postJson(url, bot).status()).isEqualTo(201);
        assertThat(monitor.check(ws.id(), UUID.fromString(form.id()))
                        .orElseThrow()
                        .ok())
                .isTrue();

        deliveries.dispatchDue();
        assertThat(mail.waitForIncomingEmail(30_000, 1)).isTrue();
        deliveries.dispatchDue(); // anything else that might be queued would leave now
        Thread.sleep(500);

        List<MimeMessage> confirmations = Arrays.stream(mail.getReceivedMessages())
                .filter(m -> subject(m).contains("received your message")
                        || subject(m).contains("vastaanotettu"))
                .toList();
        assertThat(confirmations).hasSize(1);
        MimeMessage confirmation = confirmations.get(0);
        assertThat(confirmation.getRecipients(Message.RecipientType.TO)[0].toString())
                .isEqualTo("aino.vahvistus@example.fi");
        assertThat(confirmation.getFrom()[0].toString())
                .contains("palvelu@kuppi.fi")
                .contains("Kahvila Kuppi");
        assertThat(confirmation.getSubject()).isEqualTo("We have received your message – Ota yhteyttä");
        assertThat(confirmation.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        String body = GreenMailUtil.getBody(confirmation);
        assertThat(body).contains("Thank you").doesNotContain("tilaukseni");
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }
}
