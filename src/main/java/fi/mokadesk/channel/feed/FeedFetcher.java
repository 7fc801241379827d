package fi.mokadesk.channel.feed;

import fi.mokadesk.channel.OutboundAddresses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Fetches one feed politely and safely: a conditional GET with the validators of the last answer, at most
 * {@link #MAX_REDIRECTS} redirects followed by hand (each hop connects through the address policy of
 * {@link OutboundAddresses}, so a redirect to a private address is refused before any connection), a size
 * limit counted on the decompressed body, and a deadline for the whole fetch on top of the socket timeouts
 * (a server that trickles a byte now and then cannot hold a poller thread).
 */
class FeedFetcher implements AutoCloseable {

    static final int MAX_REDIRECTS = 5;

    /** What went wrong, in the words of the channels page; {@link #OK} and {@link #NOT_MODIFIED} are fine. */
    enum Kind {
        OK,
        NOT_MODIFIED,
        UNREACHABLE,
        HTTP,
        TOO_BIG,
        TLS,
        REFUSED,
        NOT_FEED
    }

    /** One fetch: the body for {@link Kind#OK}, else what went wrong ({@code detail}). */
    record Fetched(Kind kind, int status, byte[] body, String etag, String lastModified, String detail) {
        static Fetched failed(Kind kind, int status, String detail) {
            return new Fetched(kind, status, null, null, null, detail);
        }
    }

    private final CloseableHttpClient http;
    private final long maxBytes;
    private final Duration deadline;

    FeedFetcher(OutboundAddresses addresses, long maxBytes, Duration timeout) {
        this.http = addresses.httpClient(timeout);
        this.maxBytes = maxBytes;
        this.deadline = timeout.multipliedBy(3);
    }

    Fetched fetch(String url, String etag, String lastModified) {
        Instant until = Instant.now().plus(deadline);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Fetched.failed(Kind.UNREACHABLE, 0, "not a usable URL: " + e.getMessage());
        }
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Fetched.failed(Kind.REFUSED, 0, "only http and https addresses are read, not " + uri);
            }
            if (uri.getRawUserInfo() != null) {
                return Fetched.failed(Kind.REFUSED, 0, "an address with a user name or password is not read");
            }
            HttpGet get = new HttpGet(uri);
            get.setHeader("User-Agent", "Mokadesk feed reader");
            get.setHeader(
                    "Accept",
                    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9,"
                            + " text/xml;q=0.9, */*;q=0.5");
            if (etag != null) get.setHeader("If-None-Match", etag);
            if (lastModified != null) get.setHeader("If-Modified-Since", lastModified);
            ClassicHttpResponse response = null;
            try {
                response = http.executeOpen(null, get, null);
                int status = response.getCode();
                if (status == 304) return new Fetched(Kind.NOT_MODIFIED, 304, null, etag, lastModified, null);
                if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                    Header location = response.getFirstHeader("Location");
                    if (location == null || location.getValue().isBlank()) {
                        return Fetched.failed(Kind.HTTP, status, "HTTP " + status + " without a Location");
                    }
                    try {
                        uri = uri.resolve(new URI(location.getValue().strip()));
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        return Fetched.failed(Kind.HTTP, status, "HTTP " + status + " to an unusable address");
                    }
                    continue;
                }
                if (status / 100 != 2) return Fetched.failed(Kind.HTTP, status, "HTTP " + status);
                HttpEntity entity = response.getEntity();
                if (entity == null) return Fetched.failed(Kind.NOT_FEED, status, "the answer was empty");
                if (entity.getContentLength() > maxBytes) {
                    get.cancel(); // the rest is not wanted: drop the connection instead of reading it to the end
                    return Fetched.failed(
                            Kind.TOO_BIG, status, "the answer is " + entity.getContentLength() + " bytes");
                }
                byte[] body = read(entity, until, get);
                if (body == null)
                    return Fetched.failed(Kind.TOO_BIG, status, "the answer is over " + maxBytes + " bytes");
                return new Fetched(
                        Kind.OK, status, body, value(response, "ETag"), value(response, "Last-Modified"), null);
            } catch (OutboundAddresses.Refused e) {
                return Fetched.failed(Kind.REFUSED, 0, e.getMessage());
            } catch (SSLException e) {
                return Fetched.failed(Kind.TLS, 0, e.getMessage());
            } catch (UnknownHostException e) {
                return Fetched.failed(Kind.UNREACHABLE, 0, "the name " + e.getMessage() + " is not found");
            } catch (TooSlow e) {
                return Fetched.failed(
                        Kind.UNREACHABLE, 0, "the answer did not arrive within " + deadline.toSeconds() + " s");
            } catch (IOException | IllegalArgumentException e) {
                return Fetched.failed(
                        Kind.UNREACHABLE,
                        0,
                        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } finally {
                closeQuietly(response);
            }
        }
        return Fetched.failed(Kind.HTTP, 0, "more than " + MAX_REDIRECTS + " redirects");
    }

    /** The body, or null when it is longer than the limit (reading stops there). */
    private byte[] read(HttpEntity entity, Instant until, HttpGet get) throws IOException {
        InputStream in = entity.getContent();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes || Instant.now().isAfter(until)) {
                // Closing the stream normally would read the rest of the body; cancelling drops the connection.
                get.cancel();
                closeQuietly(in);
                if (total > maxBytes) return null;
                throw new TooSlow();
            }
            out.write(buffer, 0, n);
        }
        in.close();
        return out.toByteArray();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) return;
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // a cancelled or broken connection; nothing more to learn from it
        }
    }

    private static String value(ClassicHttpResponse response, String name) {
        Header h = response.getFirstHeader(name);
        if (h == null || h.getValue().isBlank() || h.getValue().length() > 500) return null;
        return h.getValue().strip();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    private static final class TooSlow extends IOException {
        TooSlow() {
            super("too slow");
        }
    }
}
