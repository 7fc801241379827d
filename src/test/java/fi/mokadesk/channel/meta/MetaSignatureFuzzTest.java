package fi.mokadesk.channel.meta;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Random and mangled bodies and signatures against the webhook of a desk with a real Page: never a 5xx, and
 * nothing is stored unless the signature is right.
 */
class MetaSignatureFuzzTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Test
    void noBadSignatureIsStoredAndNothingAnswers5xx() {
        try (MetaFixture meta = new MetaFixture("http://localhost:" + port)) {
            Api admin = api(workspaces.create("Fuzz Oy").adminToken());
            String pageId = MetaFixture.id();
            String secret = "fuzz-secret-" + pageId;
            meta.facebook(admin, pageId, secret, "verify-" + pageId, false);
            Random random = new Random(20261204L);
            String valid = MetaPayloads.comment(
                    pageId,
                    1764842400L,
                    "add",
                    pageId + "_1",
                    pageId + "_2",
                    pageId + "_1",
                    "5",
                    "Fuzz",
                    "Hei",
                    1764842400L);
            List<String> shapes = List.of(
                    valid,
                    "",
                    "null",
                    "[]",
                    "{\"object\":\"page\"}",
                    "{\"object\":\"page\",\"entry\":\"x\"}",
                    "{\"object\":\"page\",\"entry\":[{\"id\":{\"a\":1}}]}",
                    "{\"object\":\"page\",\"entry\":[{\"id\":\"" + pageId + "\"}]",
                    "{".repeat(5000),
                    "\u0000\u0001\uFFFF",
                    valid.replace("\"page\"", "\"instagram\""),
                    valid.replace("\"page\"", "\"user\""));
            long before = rows();
            for (int i = 0; i < 300; i++) {
                String body = shapes.get(random.nextInt(shapes.size()));
                if (random.nextBoolean() && !body.isEmpty()) {
                    char[] chars = body.toCharArray();
                    chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(90));
                    body = new String(chars);
                }
                String signature = switch (random.nextInt(6)) {
                    case 0 -> null;
                    case 1 -> "sha256=" + HexFormat.of().formatHex(bytes(random, 32));
                    case 2 -> "sha1=" + HexFormat.of().formatHex(bytes(random, 20));
                    case 3 -> MetaPayloads.sign("not-the-secret", body);
                    case 4 -> "sha256=" + "g".repeat(64);
                    default -> MetaPayloads.sign(secret, body + "x");
                };
                Api.Response answer = meta.webhook(body, signature);
                assertThat(answer.status())
                        .as("body %s signature %s", body.length() > 80 ? body.substring(0, 80) : body, signature)
                        .isIn(200, 400, 403, 413);
            }
            assertThat(rows()).isEqualTo(before);
            // The same Page with the right signature is stored.
            assertThat(meta.signed(secret, valid).status()).isEqualTo(200);
            assertThat(rows()).isEqualTo(before + 1);
        }
    }

    private long rows() {
        return workspaces
                .owner()
                .sql("select count(*) from meta_intake")
                .query(Long.class)
                .single();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
