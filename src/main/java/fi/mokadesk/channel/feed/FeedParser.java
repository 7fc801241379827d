package fi.mokadesk.channel.feed;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Reads RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom with Rome into plain entries: titles and content as text (HTML
 * and entities resolved, Google Alerts' {@code <b>} highlighting gone), Google's redirect links unwrapped to
 * the page they point to, blank authors left out. Document types are refused by Rome (no XML external
 * entities).
 */
final class FeedParser {

    private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0\\u2007\\u202f]+");
    private static final Pattern GOOGLE_HOST = Pattern.compile("(?i)(www\\.)?google\\.[a-z.]{2,10}");

    private FeedParser() {}

    /**
     * One entry. {@code key} identifies it within its feed across polls: its id (Atom id, RSS guid), else
     * its unwrapped link, else a hash of its title and text.
     */
    record Entry(String key, String url, String title, String text, String author, Instant published) {}

    /** The body is not a feed (an HTML page, broken XML, an empty answer). */
    static final class NotAFeed extends Exception {
        NotAFeed(String message) {
            super(message);
        }
    }

    static List<Entry> parse(byte[] body) throws NotAFeed {
        SyndFeed feed;
        try {
            SyndFeedInput input = new SyndFeedInput();
            feed = input.build(new XmlReader(new ByteArrayInputStream(body)));
        } catch (Exception e) {
            // Rome answers an HTML page or broken XML with several exception types; all mean "not a feed".
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new NotAFeed(why.length() > 200 ? why.substring(0, 200) : why);
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (SyndEntry e : feed.getEntries()) {
            String url = unwrap(link(e));
            String title = text(e.getTitle());
            String content = content(e);
            String id = e.getUri() == null || e.getUri().isBlank()
                    ? null
                    : e.getUri().strip();
            String key =
                    id != null ? "id:" + id : url != null ? "url:" + url : "hash:" + sha256(title + "\n" + content);
            if (key.length() > 500) key = "hash:" + sha256(key);
            if (!keys.add(key)) continue;
            entries.add(new Entry(key, url, title, content, author(e), date(e)));
        }
        return entries;
    }

    private static String link(SyndEntry e) {
        if (e.getLink() != null && !e.getLink().isBlank()) return e.getLink().strip();
        for (SyndLink l : e.getLinks()) {
            if (l.getHref() != null && (l.getRel() == null || l.getRel().equals("alternate"))) return l.getHref();
        }
        return null;
    }

    /**
     * The page a link leads to: Google Alerts wraps every link as
     * {@code https://www.google.com/url?rct=j&sa=t&url=REAL&ct=ga…}; the real address is its {@code url} (or
     * {@code q}) parameter. Only http and https addresses are kept: a link is shown to agents.
     */
    static String unwrap(String link) {
        if (link == null) return null;
        try {
            URI uri = new URI(link.strip());
            if (uri.getHost() != null
                    && GOOGLE_HOST.matcher(uri.getHost()).matches()
                    && "/url".equals(uri.getPath())
                    && uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq < 0) continue;
                    String name = pair.substring(0, eq);
                    if (name.equals("url") || name.equals("q")) {
                        String real = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                        if (real.startsWith("http://") || real.startsWith("https://")) return safe(real);
                    }
                }
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            // not a usable URI; checked below as text
        }
        return safe(link.strip());
    }

    private static String safe(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("http://") || lower.startsWith("https://")) || url.length() > 2000) return null;
        try {
            new URI(url);
            return url;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String content(SyndEntry e) {
        StringBuilder text = new StringBuilder();
        for (SyndContent c : e.getContents()) {
            if (c.getValue() != null) text.append(c.getValue()).append('\n');
        }
        if (text.isEmpty() && e.getDescription() != null && e.getDescription().getValue() != null) {
            text.append(e.getDescription().getValue());
        }
        return text(text.toString());
    }

    private static String author(SyndEntry e) {
        String author = text(e.getAuthor());
        if (author.isEmpty()) {
            for (SyndPerson p : e.getAuthors()) {
                author = text(p.getName());
                if (!author.isEmpty()) break;
            }
        }
        if (author.isEmpty()) return null;
        return author.length() > 200 ? author.substring(0, 200) : author;
    }

    /** Text of HTML (or of plain text that may hold entities): tags gone, entities resolved, spaces collapsed. */
    static String text(String html) {
        if (html == null || html.isBlank()) return "";
        String text = html.indexOf('<') >= 0 || html.indexOf('&') >= 0
                ? Jsoup.parse(html).text()
                : html;
        return SPACES.matcher(text).replaceAll(" ").strip();
    }

    private static Instant date(SyndEntry e) {
        Instant published = instant(e.getPublishedDate());
        return published != null ? published : instant(e.getUpdatedDate());
    }

    /** Rome's dates as an instant, whichever date type the Rome version hands out. */
    private static Instant instant(Object date) {
        if (date instanceof Date d) return d.toInstant();
        if (date instanceof Instant i) return i;
        if (date instanceof OffsetDateTime o) return o.toInstant();
        if (date instanceof ZonedDateTime z) return z.toInstant();
        if (date instanceof LocalDateTime l) return l.toInstant(ZoneOffset.UTC);
        return null;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
