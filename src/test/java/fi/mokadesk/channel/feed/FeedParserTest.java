package fi.mokadesk.channel.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What an agent sees of a feed entry: real links, plain text, and nothing that is not a feed taken for one. */
class FeedParserTest {

    @Test
    void googleRedirectLinksLeadToThePageTheyWrap() {
        assertThat(FeedParser.unwrap(
                        "https://www.google.com/url?rct=j&sa=t&url=https://www.example.fi/a%3Fb%3D1&ct=ga"))
                .isEqualTo("https://www.example.fi/a?b=1");
        assertThat(FeedParser.unwrap("https://www.google.fi/url?q=https://palsta.example.fi/t/9&sa=U"))
                .isEqualTo("https://palsta.example.fi/t/9");
        assertThat(FeedParser.unwrap("https://www.example.fi/url?url=https://elsewhere.example/"))
                .isEqualTo("https://www.example.fi/url?url=https://elsewhere.example/");
    }

    @Test
    void onlyWebLinksAreKept() {
        assertThat(FeedParser.unwrap("javascript:alert(1)")).isNull();
        // A wrapper around something that is not a web page stays the (harmless) Google address.
        assertThat(FeedParser.unwrap("https://www.google.com/url?url=javascript:alert(1)"))
                .startsWith("https://www.google.com/");
        assertThat(FeedParser.unwrap("data:text/html,<script>")).isNull();
    }

    @Test
    void markupAndEntitiesBecomePlainText() {
        assertThat(FeedParser.text("<b>Kahvila Aroma</b>&nbsp;&amp; &#39;Kuppi&#39;\n\n  uusi"))
                .isEqualTo("Kahvila Aroma & 'Kuppi' uusi");
        assertThat(FeedParser.text(null)).isEmpty();
    }

    @Test
    void anHtmlPageOrBrokenXmlIsNotAFeed() {
        assertThatThrownBy(() -> FeedParser.parse("<html><body><p>Hei</body></html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedParser.NotAFeed.class);
        assertThatThrownBy(() -> FeedParser.parse(new byte[0])).isInstanceOf(FeedParser.NotAFeed.class);
        assertThatThrownBy(() -> FeedParser.parse(("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM "
                                + "\"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>")
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedParser.NotAFeed.class);
    }
}
