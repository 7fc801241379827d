package fi.mokadesk.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The desk's public address as an operator writes it, and what links in emails and chat posts become. */
class PublicUrlTest {

    @Test
    void linksBecomeAbsoluteUnderTheAddressWhateverTheTrailingSlash() {
        assertThat(PublicUrl.of("https://desk.example.fi/").link("/conversations/1"))
                .isEqualTo("https://desk.example.fi/conversations/1");
        assertThat(PublicUrl.of(" https://example.fi/desk ").link("/conversations/1"))
                .isEqualTo("https://example.fi/desk/conversations/1");
        assertThat(PublicUrl.of("http://localhost:8080").configured()).isTrue();
    }

    @Test
    void withoutAnAddressLinksStayPaths() {
        assertThat(PublicUrl.of("").configured()).isFalse();
        assertThat(PublicUrl.of(null).link("/conversations/1")).isEqualTo("/conversations/1");
    }

    @Test
    void anAddressThatCannotBeALinkStopsTheStartWithTheReason() {
        for (String bad : new String[] {
            "desk.example.fi",
            "ftp://desk.example.fi",
            "https://desk.example.fi/?a=1",
            "https://user:pw@desk.example.fi",
            "https://"
        }) {
            assertThatThrownBy(() -> PublicUrl.of(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MOKADESK_PUBLIC_URL");
        }
    }
}
