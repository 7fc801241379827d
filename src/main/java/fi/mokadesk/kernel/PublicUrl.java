package fi.mokadesk.kernel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The desk's public address ({@code MOKADESK_PUBLIC_URL}, e.g. {@code https://desk.example.fi}), which makes
 * the links in messages that leave the desk — notification emails, chat posts — absolute, so they open from
 * a mail program or a chat. Without it such links are the desk's paths ({@code /conversations/…}): the desk
 * cannot know the address people reach it by behind a proxy.
 */
public record PublicUrl(String base) {

    /** The configured address, checked: an http or https address with a host and nothing after the path. */
    public static PublicUrl of(String configured) {
        if (configured == null || configured.isBlank()) return new PublicUrl("");
        String value = configured.strip();
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(value, "not an http(s) address without query");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "MOKADESK_PUBLIC_URL must be the desk's address such as https://desk.example.fi, not " + value);
        }
        return new PublicUrl(value.replaceAll("/+$", ""));
    }

    public boolean configured() {
        return !base.isEmpty();
    }

    /** {@code path} (starting with /) under the public address, or the path alone when none is set. */
    public String link(String path) {
        return base + path;
    }
}
