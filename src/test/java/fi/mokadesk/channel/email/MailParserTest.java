package fi.mokadesk.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Mails as Finnish customers' mail programs send them, read into what an agent sees. */
class MailParserTest {

    private final MailParser parser = new MailParser(new MailParser.Limits(1024 * 1024, 4 * 1024 * 1024));

    private ParsedMail parse(String raw) {
        return parser.parse(raw.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void aLatin1MailWithAnEncodedSubjectKeepsItsUmlauts() {
        String raw = """
                From: =?ISO-8859-1?Q?P=E4ivi_M=E4kel=E4?= <paivi@example.fi>
                To: asiakaspalvelu@kuppi.fi
                Subject: =?ISO-8859-1?Q?Kahvissa_oli_lasinsiru_=E4=F6=E5?=
                Message-ID: <latin1@example.fi>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: 8bit

                Hyvä asiakaspalvelu, kahvissani oli lasinsiru. Hävettää ja pelottaa.
                """;
        ParsedMail mail = parser.parse(raw.getBytes(StandardCharsets.ISO_8859_1), false);
        assertThat(mail.subject()).isEqualTo("Kahvissa oli lasinsiru äöå");
        assertThat(mail.fromName()).isEqualTo("Päivi Mäkelä");
        assertThat(mail.fromAddress()).isEqualTo("paivi@example.fi");
        assertThat(mail.text()).contains("Hyvä asiakaspalvelu").contains("Hävettää");
        assertThat(mail.messageId()).isEqualTo("latin1@example.fi");
        assertThat(mail.problems()).isEmpty();
    }

    @Test
    void textLabelledUtf8ThatIsReallyWindows1252IsStillReadable() {
        byte[] body = "Pöytä on likainen – €".getBytes(java.nio.charset.Charset.forName("windows-1252"));
        String head = "From: a@example.fi\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n";
        byte[] raw = new byte[head.length() + body.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, raw, 0, head.length());
        System.arraycopy(body, 0, raw, head.length(), body.length);
        ParsedMail mail = parser.parse(raw, false);
        assertThat(mail.text()).isEqualTo("Pöytä on likainen – €");
        assertThat(mail.problems()).anyMatch(p -> p.contains("Windows-1252"));
    }

    @Test
    void anHtmlOnlyMailIsSanitisedAndGetsAPlainTextVersion() {
        ParsedMail mail = parse("""
                From: Matti <matti@example.fi>
                Subject: Tilaus
                Content-Type: text/html; charset=utf-8

                <html><body><p>Hei,</p><p>tilaukseni <b>12345</b> ei ole tullut.<br>Missä se on?</p>
                <script>alert('x')</script><img src="https://tracker.example.com/pixel.gif"><a href="javascript:alert(1)">klik</a>
                <a href="https://kuppi.fi/tilaus">tilaus</a></body></html>
                """);
        assertThat(mail.text()).contains("Hei,").contains("tilaukseni 12345 ei ole tullut.\nMissä se on?");
        assertThat(mail.text()).doesNotContain("alert");
        assertThat(mail.html()).contains("<b>12345</b>").contains("https://kuppi.fi/tilaus");
        assertThat(mail.html())
                .doesNotContain("script")
                .doesNotContain("javascript")
                .doesNotContain("tracker");
    }

    @Test
    void aMultipartMailKeepsTextHtmlAndAttachmentsWithTheirHashes() {
        String pdf = Base64.getMimeEncoder().encodeToString("%PDF-1.4 kuitti".getBytes(StandardCharsets.US_ASCII));
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        ParsedMail mail = parse("""
                From: liisa@example.fi
                Subject: Kuitti
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"

                --outer
                Content-Type: multipart/alternative; boundary="alt"

                --alt
                Content-Type: text/plain; charset=utf-8

                Liitteenä kuitti.
                --alt
                Content-Type: multipart/related; boundary="rel"

                --rel
                Content-Type: text/html; charset=utf-8

                <p>Liitteenä <i>kuitti</i>.</p><img src="cid:logo@x">
                --rel
                Content-Type: image/png
                Content-ID: <logo@x>
                Content-Transfer-Encoding: base64

                %s
                --rel--
                --alt--
                --outer
                Content-Type: application/pdf; name="kuitti.pdf"
                Content-Disposition: attachment; filename="=?UTF-8?Q?kuitti_=C3=A4.pdf?="
                Content-Transfer-Encoding: base64

                %s
                --outer--
                """.formatted(png, pdf));
        assertThat(mail.text()).isEqualTo("Liitteenä kuitti.");
        assertThat(mail.html()).contains("<i>kuitti</i>");
        assertThat(org.jsoup.Jsoup.parse(mail.html()).select("img").attr("src")).isEqualTo("cid:logo@x");
        assertThat(mail.attachments()).hasSize(2);
        ParsedMail.Attachment logo = mail.attachments().get(0);
        assertThat(logo.inline()).isTrue();
        assertThat(logo.contentId()).isEqualTo("logo@x");
        ParsedMail.Attachment receipt = mail.attachments().get(1);
        assertThat(receipt.fileName()).isEqualTo("kuitti ä.pdf");
        assertThat(receipt.contentType()).isEqualTo("application/pdf");
        assertThat(new String(receipt.content(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4 kuitti");
        assertThat(receipt.sha256())
                .isEqualTo(MailParser.sha256("%PDF-1.4 kuitti".getBytes(StandardCharsets.US_ASCII), 0, 15));
    }

    @Test
    void anAttachmentOverTheLimitIsRecordedWithoutItsContent() {
        MailParser small = new MailParser(new MailParser.Limits(10, 1000));
        ParsedMail mail = small.parse("""
                From: a@example.fi
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                Iso liite
                --b
                Content-Type: application/zip; name=pommi.zip

                PK0123456789012345678901234567890
                --b--
                """.getBytes(StandardCharsets.US_ASCII), false);
        assertThat(mail.text()).isEqualTo("Iso liite");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("pommi.zip");
            assertThat(a.content()).isNull();
            assertThat(a.refused()).contains("larger than");
        });
    }

    @Test
    void quotedReplyHistoryIsFoundInFinnishAndEnglishMails() {
        ParsedMail fi = parse("""
                From: a@example.fi
                Subject: Re: Tilaus [#ABC234]

                Kiitos, nyt toimii!

                ti 3.12.2026 klo 10.12 Kuppi <asiakaspalvelu@kuppi.fi> kirjoitti:
                > Hei, korjasimme tilauksen.
                """);
        assertThat(fi.freshText()).isEqualTo("Kiitos, nyt toimii!");
        assertThat(fi.quotedText()).startsWith("ti 3.12.2026").contains("> Hei, korjasimme");

        ParsedMail outlook = parse("""
                From: a@example.fi

                Sopii hyvin.

                From: Kuppi <asiakaspalvelu@kuppi.fi>
                Sent: Tuesday, December 3, 2026 10:12
                Subject: Tilaus
                """);
        assertThat(outlook.freshText()).isEqualTo("Sopii hyvin.");
    }

    @Test
    void autoRepliesBouncesAndListMailAreMarked() {
        assertThat(parse("""
                        From: a@example.fi
                        Auto-Submitted: auto-replied
                        Subject: Poissa toimistosta

                        Olen lomalla.
                        """).autoReply()).isTrue();
        assertThat(parse("""
                        From: a@example.fi
                        X-Autoreply: yes
                        Subject: Re: Tilaus

                        Olen lomalla.
                        """).autoReply()).isTrue();
        assertThat(parse("""
                        From: uutiset@example.fi
                        Precedence: bulk
                        Subject: Uutiskirje

                        Tarjouksia.
                        """).listMail()).isTrue();
        ParsedMail bounce = parse("""
                From: Mail Delivery System <MAILER-DAEMON@mx.example.fi>
                Return-Path: <>
                Subject: Undelivered Mail Returned to Sender
                Content-Type: multipart/report; report-type=delivery-status; boundary=r

                --r
                Content-Type: text/plain

                The mail could not be delivered.
                --r
                Content-Type: message/delivery-status

                Final-Recipient: rfc822; nobody@example.fi
                Status: 5.1.1
                --r
                Content-Type: text/rfc822-headers

                Message-ID: <reply.123@kuppi.fi>
                --r--
                """);
        assertThat(bounce.bounce()).isTrue();
        assertThat(bounce.autoReply()).isFalse();
        assertThat(bounce.text()).contains("could not be delivered").contains("reply.123@kuppi.fi");
        ParsedMail person = parse("""
                From: a@example.fi
                Auto-Submitted: no
                Subject: Kysymys

                Onko teillä gluteenitonta?
                """);
        assertThat(person.automatic()).isFalse();
    }

    @Test
    void anInlineForwardNamesTheOriginalSender() {
        ParsedMail mail = parse("""
                From: agentti@kuppi.fi
                Subject: VS: Reklamaatio

                Tämä tuli minulle suoraan.

                ---------- Forwarded message ---------
                From: Pekka Virtanen <pekka.virtanen@example.fi>
                Date: ma 2. jouluk. 2026 klo 9.00
                Subject: Reklamaatio
                To: <agentti@kuppi.fi>

                Tilaamani kakku oli pilalla.
                """);
        assertThat(mail.forward()).isNotNull();
        assertThat(mail.forward().fromAddress()).isEqualTo("pekka.virtanen@example.fi");
        assertThat(mail.forward().fromName()).isEqualTo("Pekka Virtanen");
        assertThat(mail.forward().subject()).isEqualTo("Reklamaatio");
    }

    @Test
    void aForwardAsAttachmentNamesTheOriginalSenderAndItsMessageId() {
        ParsedMail mail = parse("""
                From: agentti@kuppi.fi
                Subject: Fwd: Palaute
                Content-Type: multipart/mixed; boundary=f

                --f
                Content-Type: text/plain

                Katso tämä.
                --f
                Content-Type: message/rfc822

                From: =?UTF-8?Q?J=C3=A4rvinen?= <jarvinen@example.fi>
                Subject: Palaute
                Message-ID: <orig-1@example.fi>

                Palvelu oli hidasta.
                --f--
                """);
        assertThat(mail.forward().fromAddress()).isEqualTo("jarvinen@example.fi");
        assertThat(mail.forward().fromName()).isEqualTo("Järvinen");
        assertThat(mail.forward().messageId()).isEqualTo("orig-1@example.fi");
    }

    @Test
    void aBrokenBoundaryKeepsTheTextInsteadOfLosingIt() {
        ParsedMail mail = parse("""
                From: a@example.fi
                Subject: Rikki
                Content-Type: multipart/mixed; boundary="ei-loydy"

                --vaara-raja
                Content-Type: text/plain

                Tämä teksti ei saa kadota.
                """);
        assertThat(mail.text()).contains("Tämä teksti ei saa kadota.");
    }
}
