package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import fi.mokadesk.channel.OutboundMail;
import jakarta.mail.internet.MimeMessage;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The invitation email as the invitee gets it, through a real (in-process) SMTP server. */
class InvitationMailTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void theEmailNamesTheWorkspaceAndCarriesTheLink() throws Exception {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("localhost");
        sender.setPort(smtp.getSmtp().getPort());
        sender.setDefaultEncoding("UTF-8");
        String link = "https://desk.example.fi/invitations/abc123";
        InvitationIssued mail =
                Invitations.compose(UUID.randomUUID(), UUID.randomUUID(), "uusi@kuppi.fi", "Kahvila Kuppi", link);
        // The email exactly as the outbox's mail sender hands it to the server.
        sender.send(new OutboundMail(mail.email(), mail.subject(), mail.text()).message("mokadesk@desk.example.fi"));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).contains("Kahvila Kuppi");
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("uusi@kuppi.fi");
        assertThat(GreenMailUtil.getBody(received[0])).isNotBlank();
        assertThat(received[0].getContent().toString())
                .contains("Hyväksy kutsu 7 päivän kuluessa")
                .contains("Accept the invitation within 7 days")
                .contains(link);
    }
}
