package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import fi.mokadesk.channel.OutboundMail;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The storm email as leads and admins get it, sent to a real (in-process) SMTP server. */
class StormMailTest {

    static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void theEmailNamesTheSeriesMagnitudeOnsetAndTopTerms() throws Exception {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        StormTexts texts = new StormTexts(messages, () -> HELSINKI, "fi", "https://desk.example.fi/");
        StormDetected storm = new StormDetected(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "negative",
                Instant.parse("2026-05-14T11:05:00Z"),
                6.04,
                4.1,
                25,
                List.of("lasinsiru", "kahvissa"),
                List.of());
        Locale fi = texts.notificationLocale();
        String subject = texts.headline(storm.series(), storm.magnitude(), storm.onset(), fi, texts.zone());
        assertThat(subject).isEqualTo("Somemyrsky: negatiivisia mainintoja 6× tavallista (alkoi 14.05)");

        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("localhost");
        sender.setPort(smtp.getSmtp().getPort());
        sender.setDefaultEncoding("UTF-8");
        // The email exactly as the outbox's mail sender hands it to the server.
        sender.send(new OutboundMail("liidi@kuppi.fi", subject, texts.body(storm, fi, texts.zone()))
                .message("mokadesk@desk.example.fi"));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo(subject);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("liidi@kuppi.fi");
        String body = GreenMailUtil.getBody(received[0]);
        assertThat(received[0].getContent().toString())
                .contains("25 viestiä viidessä minuutissa, kun odotettiin 4.1 (alkoi 14.5. 14.05)")
                .contains("Yleisimmät sanat: lasinsiru, kahvissa")
                .contains("https://desk.example.fi/storms?series=negative");
        assertThat(body).isNotBlank();

        Locale en = Locale.ENGLISH;
        assertThat(texts.headline("channel:twitter", 12.6, storm.onset(), en, HELSINKI))
                .isEqualTo("Storm: mentions on channel twitter 13× the usual (since 14.05)");

        // A workspace in Stockholm reads its own clock, as on its pages.
        assertThat(texts.headline("negative", 6.04, storm.onset(), fi, ZoneId.of("Europe/Stockholm")))
                .endsWith("(alkoi 13.05)");
        assertThat(texts.body(storm, fi, ZoneId.of("Europe/Stockholm"))).contains("(alkoi 14.5. 13.05)");
    }
}
