package fi.mokadesk.channel;

import fi.mokadesk.workspace.OutboundUrls;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which addresses Mokadesk may send to. Webhooks and feeds are given by workspace admins, so without this
 * policy an admin could make the desk call its own node, the database host or a cloud metadata service
 * ({@code 169.254.169.254}). Only public unicast addresses are allowed unless
 * {@code MOKADESK_ALLOW_PRIVATE_URLS=true} (an installation whose receivers live on its own network).
 *
 * <p>The check that counts is made when connecting: {@link JsonPost}'s HTTP client resolves names through
 * {@link #resolve}, so the address checked is the address connected to, and a name that resolves to a
 * public address now and a private one a moment later (DNS rebinding) gains nothing. Redirects are not
 * followed. {@link #refusal} is the same policy as a courtesy when a URL is saved.
 */
@Component
public class OutboundAddresses implements OutboundUrls {

    private static final Pattern NUMERIC_HOST =
            Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");

    private final boolean allowPrivate;

    public OutboundAddresses(@Value("${mokadesk.allow-private-urls:false}") boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Why the URL may not be used (a sentence for the person who entered it), or empty when it may. */
    @Override
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return Optional.of("must be an http or https URL");
        if (uri.getHost() == null || uri.getHost().isBlank()) return Optional.of("has no host name");
        if (uri.getRawUserInfo() != null) return Optional.of("must not contain a user name or password");
        if (allowPrivate) return Optional.empty();
        try {
            resolve(host(uri));
            return Optional.empty();
        } catch (Refused e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            // The name may exist later; it is checked again on every delivery.
            return Optional.empty();
        }
    }

    /**
     * The addresses of {@code host}, all of which must be public; else {@link Refused} says which is not.
     * The HTTP client connects only to addresses returned here.
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            // Forms like 0x7f000001 or 0177.1 are read as addresses by some resolvers and not by others.
            if (!allowPrivate && NUMERIC_HOST.matcher(host).matches()) {
                throw new Refused(host + " is not a standard IP address; write it as four decimal numbers or a"
                        + " bracketed IPv6 address");
            }
            throw e;
        }
        if (allowPrivate) return addresses;
        for (InetAddress address : addresses) {
            String kind = nonPublicKind(address);
            if (kind != null) {
                String literal = address.getHostAddress();
                throw new Refused((literal.equalsIgnoreCase(host) ? literal : host + " resolves to " + literal) + ", "
                        + kind + "; only public addresses are allowed (MOKADESK_ALLOW_PRIVATE_URLS)");
            }
        }
        return addresses;
    }

    /**
     * A new HTTP client bound to this policy, for every call Mokadesk makes to the outside (feeds and
     * platform APIs too): names resolve only through {@link #resolve}, so it connects only to allowed
     * addresses; no redirects (each hop would need the same check), no retries, no cookies, no proxy.
     * Close it when done.
     */
    public CloseableHttpClient httpClient(Duration timeout) {
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return OutboundAddresses.this.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return OutboundAddresses.this.resolve(host)[0].getCanonicalHostName();
            }
        };
        Timeout limit = Timeout.of(timeout);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(limit)
                                .build())
                        .setMaxConnTotal(50)
                        .setMaxConnPerRoute(5)
                        .build())
                .setDefaultRequestConfig(
                        RequestConfig.custom().setResponseTimeout(limit).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    /** Null for a public unicast address, else what kind of address it is. */
    public static String nonPublicKind(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                try {
                    String kind = nonPublicKind(InetAddress.getByAddress(embedded));
                    return kind == null ? null : "an IPv6 form of " + kind;
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (Range range : address instanceof Inet4Address ? V4 : V6) {
            if (range.contains(b)) return range.kind();
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean firstTenZero = Arrays.equals(b, 0, 10, new byte[10], 0, 10);
        if (firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return Arrays.copyOfRange(b, 12, 16);
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0;
        // ::/96 except :: and ::1, which the table below names.
        if (compatible && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1))) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        boolean nat64 = b[0] == 0
                && b[1] == 0x64
                && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b
                && Arrays.equals(b, 4, 12, new byte[8], 0, 8);
        if (nat64) return Arrays.copyOfRange(b, 12, 16);
        if (b[0] == 0x20 && b[1] == 0x02) return Arrays.copyOfRange(b, 2, 6); // 6to4
        return null;
    }

    private record Range(byte[] prefix, int bits, String kind) {
        static Range of(String cidr, String kind) {
            String[] parts = cidr.split("/");
            try {
                return new Range(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]), kind);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) return false;
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) return false;
            }
            return true;
        }
    }

    private static final Range[] V4 = {
        Range.of("0.0.0.0/8", "an unspecified address"),
        Range.of("10.0.0.0/8", "a private address"),
        Range.of("100.64.0.0/10", "a carrier-grade NAT address"),
        Range.of("127.0.0.0/8", "a loopback address"),
        Range.of("169.254.0.0/16", "a link-local address"),
        Range.of("172.16.0.0/12", "a private address"),
        Range.of("192.0.0.0/24", "a protocol-assignment address"),
        Range.of("192.0.2.0/24", "a documentation address"),
        Range.of("192.88.99.0/24", "a relay address"),
        Range.of("192.168.0.0/16", "a private address"),
        Range.of("198.18.0.0/15", "a benchmarking address"),
        Range.of("198.51.100.0/24", "a documentation address"),
        Range.of("203.0.113.0/24", "a documentation address"),
        Range.of("224.0.0.0/4", "a multicast address"),
        Range.of("240.0.0.0/4", "a reserved address"),
    };

    private static final Range[] V6 = {
        Range.of("::/128", "an unspecified address"),
        Range.of("::1/128", "a loopback address"),
        Range.of("100::/64", "a discard address"),
        Range.of("2001::/23", "a protocol-assignment address"),
        Range.of("2001:db8::/32", "a documentation address"),
        Range.of("fc00::/7", "a unique local (private) address"),
        Range.of("fe80::/10", "a link-local address"),
        Range.of("fec0::/10", "a site-local (private) address"),
        Range.of("ff00::/8", "a multicast address"),
    };

    private static String host(URI uri) {
        String host = uri.getHost();
        // URI keeps the brackets of an IPv6 literal; the resolver wants the address alone.
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The target's address is not public: a permanent refusal, not worth retrying. */
    public static final class Refused extends UnknownHostException {
        public Refused(String message) {
            super(message);
        }
    }
}
