package fi.mokadesk.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated mails: whatever arrives, the parser answers with a mail that has text, and never
 * throws (a throw would stop the mailbox's import at that mail).
 */
class MailParserFuzzTest {

    private static final List<String> SEEDS = List.of("""
            From: =?ISO-8859-1?Q?P=E4ivi?= <paivi@example.fi>
            Subject: =?UTF-8?B?S2Fodmlzc2Egb2xpIGxhc2luc2lydSDDpMO2w6U=?=
            Message-ID: <seed-1@example.fi>
            In-Reply-To: <a@b>
            References: <x@y> <a@b>
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: multipart/alternative; boundary="b2"

            --b2
            Content-Type: text/plain; charset=iso-8859-15
            Content-Transfer-Encoding: quoted-printable

            Hyv=E4 =A4 kahvi
            --b2
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: base64

            PHA+SHl2w6Qga2Focmk8L3A+PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==
            --b2--
            --b1
            Content-Type: application/zip; name="a.zip"
            Content-Transfer-Encoding: base64

            UEsDBBQAAAAIAAAAIQAAAAAAAAAAAAAAAAA=
            --b1
            Content-Type: message/rfc822

            From: orig@example.fi
            Subject: alkup

            teksti
            --b1--
            """, """
            From: MAILER-DAEMON@x.fi
            Return-Path: <>
            Content-Type: multipart/report; report-type=delivery-status; boundary=r

            --r
            Content-Type: message/delivery-status

            Status: 5.1.1
            --r--
            """, "Subject: ei mitään\n\n", "");

    private static final String[] NOISE = {
        "\n",
        "\r\n",
        "--",
        "--b1",
        "--b2--",
        "=?",
        "?=",
        "=?UTF-8?B?",
        "=?x-unknown?Q?a?=",
        "Content-Type: multipart/mixed; boundary=",
        "Content-Transfer-Encoding: base64\n",
        "charset=\"",
        "\u0000",
        "\uD800",
        "ä",
        "<",
        ">",
        "\t",
        "=",
        "%",
        ";",
        "Content-Type: message/rfc822\n\n",
        "Content-Type: text/html\n\n<script>",
        "\n\n"
    };

    private final MailParser parser = new MailParser(new MailParser.Limits(64 * 1024, 256 * 1024));

    @Test
    void mutatedMailsNeverThrowAndAlwaysHaveText() {
        Random random = new Random(20261204L);
        for (int i = 0; i < 3000; i++) {
            byte[] raw = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            ParsedMail mail = parser.parse(raw, random.nextInt(10) == 0);
            assertThat(mail.text()).as("mail %d", i).isNotBlank();
            assertThat(mail.contentSha256()).hasSize(64);
            assertThat(mail.quoted()).isLessThan(Math.max(1, mail.text().length()));
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] raw = new byte[random.nextInt(4000)];
            random.nextBytes(raw);
            assertThat(parser.parse(raw, false).text()).isNotBlank();
        }
    }

    @Test
    void deepNestingAndManyPartsAreCutShort() {
        StringBuilder deep = new StringBuilder("From: a@example.fi\n");
        for (int i = 0; i < 200; i++) {
            deep.append("Content-Type: multipart/mixed; boundary=\"d")
                    .append(i)
                    .append("\"\n\n--d")
                    .append(i)
                    .append("\n");
        }
        deep.append("Content-Type: text/plain\n\nsyvällä\n");
        ParsedMail nested = parser.parse(deep.toString().getBytes(StandardCharsets.UTF_8), false);
        assertThat(nested.text()).isNotBlank();

        StringBuilder many = new StringBuilder("From: a@example.fi\nContent-Type: multipart/mixed; boundary=m\n\n");
        for (int i = 0; i < 1000; i++) many.append("--m\nContent-Type: application/octet-stream\n\nx\n");
        many.append("--m--\n");
        ParsedMail wide = parser.parse(many.toString().getBytes(StandardCharsets.UTF_8), false);
        assertThat(wide.attachments()).hasSizeLessThanOrEqualTo(200);
        assertThat(wide.problems()).anyMatch(p -> p.contains("parts"));
    }

    private static byte[] mutate(String seed, Random random) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(12);
        for (int e = 0; e < edits; e++) {
            int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
            switch (random.nextInt(4)) {
                case 0 -> s.insert(at, NOISE[random.nextInt(NOISE.length)]);
                case 1 -> {
                    if (!s.isEmpty()) s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(40)));
                }
                case 2 -> {
                    if (!s.isEmpty()) {
                        int from = random.nextInt(s.length());
                        s.insert(at, s.substring(from, Math.min(s.length(), from + random.nextInt(200))));
                    }
                }
                default -> s.insert(at, (char) random.nextInt(0x3000));
            }
        }
        byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
        // Sometimes the raw bytes themselves are broken (a cut-off UTF-8 sequence, Latin-1 bytes).
        if (random.nextBoolean() && utf8.length > 0)
            utf8[random.nextInt(utf8.length)] = (byte) (0x80 + random.nextInt(0x80));
        return utf8;
    }
}
