package fi.mokadesk.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address policy itself, and the HTTP client that can only connect where it allows. */
class OutboundAddressesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1.2.3",
                "10.0.0.1",
                "172.16.5.4",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "100.127.255.254",
                "0.0.0.0",
                "224.0.0.251",
                "239.255.255.250",
                "255.255.255.255",
                "198.18.0.1",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "fec0::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "::127.0.0.1",
                "64:ff9b::a00:1",
                "2002:7f00:1::",
                "2001:db8::1"
            })
    void nonPublicAddressesAreNamed(String literal) throws Exception {
        assertThat(OutboundAddresses.nonPublicKind(InetAddress.getByName(literal)))
                .as(literal)
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "93.184.215.14",
                "172.32.0.1",
                "100.128.0.1",
                "192.169.0.1",
                "2606:4700:4700::1111",
                "2a00:1450:4010:c0e::71",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808"
            })
    void publicAddressesPass(String literal) throws Exception {
        assertThat(OutboundAddresses.nonPublicKind(InetAddress.getByName(literal)))
                .as(literal)
                .isNull();
    }

    @Test
    void savingAPrivateTargetIsRefusedWithAReason() {
        OutboundAddresses policy = new OutboundAddresses(false);
        assertThat(policy.refusal("http://127.0.0.1:8080/actuator/health"))
                .hasValueSatisfying(
                        why -> assertThat(why).contains("127.0.0.1", "loopback", "MOKADESK_ALLOW_PRIVATE_URLS"));
        assertThat(policy.refusal("http://localhost:8080/"))
                .hasValueSatisfying(why -> assertThat(why).contains("localhost resolves to", "loopback"));
        assertThat(policy.refusal("http://[::1]:1/"))
                .hasValueSatisfying(why -> assertThat(why).contains("loopback"));
        assertThat(policy.refusal("http://[::ffff:127.0.0.1]:1/")).isPresent();
        assertThat(policy.refusal("http://2130706433:1/")).isPresent();
        assertThat(policy.refusal("http://0x7f000001:1/"))
                .hasValueSatisfying(why -> assertThat(why).contains("not a standard IP address"));
        assertThat(policy.refusal("http://169.254.169.254/latest/meta-data/"))
                .hasValueSatisfying(why -> assertThat(why).contains("link-local"));
        assertThat(policy.refusal("http://0.0.0.0:8080/")).isPresent();
        assertThat(policy.refusal("http://[fd00::1]/")).isPresent();
        assertThat(policy.refusal("http://100.64.1.1/"))
                .hasValueSatisfying(why -> assertThat(why).contains("carrier-grade NAT"));
        assertThat(policy.refusal("ftp://example.com/")).hasValue("must be an http or https URL");
        assertThat(policy.refusal("https://user:pw@example.com/")).isPresent();
        assertThat(policy.refusal("https://93.184.215.14/hook")).isEmpty();
        assertThat(new OutboundAddresses(true).refusal("http://127.0.0.1:8080/"))
                .isEmpty();
    }

    @Test
    void theClientNeverConnectsToARefusedAddress() {
        WireMockServer local = new WireMockServer(options().dynamicPort());
        local.start();
        try {
            local.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
            JsonPost guarded = new JsonPost(new OutboundAddresses(false));
            int port = local.port();
            for (String url : new String[] {
                "http://127.0.0.1:" + port + "/hook",
                "http://localhost:" + port + "/hook",
                "http://2130706433:" + port + "/hook",
                "http://0x7f000001:" + port + "/hook",
                "http://[::ffff:127.0.0.1]:" + port + "/hook",
                "http://[::1]:" + port + "/hook",
                "http://0.0.0.0:" + port + "/hook"
            }) {
                JsonPost.Result result = guarded.send(url, "{}", Map.of());
                assertThat(result.delivered()).as(url).isFalse();
                assertThat(result.permanent()).as(url).isTrue();
                assertThat(result.reason())
                        .as(url)
                        .startsWith("refused: ")
                        .containsAnyOf("only public addresses", "not a standard IP address");
            }
            assertThat(local.findAll(anyRequestedFor(anyUrl()))).isEmpty();

            // The same client with private targets allowed reaches it: the refusal above was the policy.
            JsonPost open = new JsonPost(new OutboundAddresses(true));
            assertThat(open.send("http://localhost:" + port + "/hook", "{}", Map.of())
                            .delivered())
                    .isTrue();
            assertThat(local.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
        } finally {
            local.stop();
        }
    }

    @Test
    void redirectsAreNotFollowed() {
        WireMockServer local = new WireMockServer(options().dynamicPort());
        local.start();
        try {
            local.stubFor(any(anyUrl())
                    .willReturn(aResponse().withStatus(302).withHeader("Location", "http://169.254.169.254/")));
            JsonPost.Result result =
                    new JsonPost(new OutboundAddresses(true)).send(local.baseUrl() + "/hook", "{}", Map.of());
            assertThat(result.reason()).isEqualTo("HTTP 302");
        } finally {
            local.stop();
        }
    }
}
