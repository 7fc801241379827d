package fi.mokadesk.channel.meta;

import fi.mokadesk.channel.OutboundAddresses;
import fi.mokadesk.kernel.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of the Meta channels (Facebook Page, Instagram, WhatsApp): the account ids, the tokens and
 * the app secret (sealed at rest by the channel platform), where the Graph API is and which version. The
 * verify token's SHA-256 is kept beside it unsealed, so Meta's subscription check can be answered without
 * opening every channel's secrets.
 */
public final class MetaSettings {

    public static final String GRAPH_BASE_URL = "graphBaseUrl";
    public static final String GRAPH_VERSION = "graphVersion";
    public static final String APP_SECRET = "appSecret";
    public static final String VERIFY_TOKEN = "verifyToken";
    public static final String VERIFY_TOKEN_SHA256 = "verifyTokenSha256";
    public static final String HUMAN_AGENT = "humanAgent";
    public static final String DEFAULT_BASE_URL = "https://graph.facebook.com";
    public static final String DEFAULT_VERSION = "v25.0";

    private static final Pattern ID = Pattern.compile("[0-9]{1,40}");
    private static final Pattern VERSION = Pattern.compile("v[0-9]{1,3}\\.[0-9]{1,3}");

    private MetaSettings() {}

    /**
     * Checks and cleans the settings of a Meta channel: {@code ids} are the numeric account ids, {@code secrets}
     * the tokens (all required), plus the Graph base URL and version with their defaults and the Human Agent
     * switch. Unknown names are refused so a typo never passes silently.
     */
    public static Map<String, Object> validate(
            String type,
            Map<String, Object> settings,
            List<String> ids,
            Set<String> secrets,
            OutboundAddresses addresses) {
        Set<String> known = new java.util.HashSet<>(ids);
        known.addAll(secrets);
        known.addAll(List.of(GRAPH_BASE_URL, GRAPH_VERSION, HUMAN_AGENT, VERIFY_TOKEN_SHA256));
        for (String name : settings.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidInput(
                        "settings." + name,
                        "is not a setting of a " + type + " channel ("
                                + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
        Map<String, Object> clean = new LinkedHashMap<>();
        for (String id : ids) {
            String value = text(settings, id);
            if (value == null) throw new InvalidInput("settings." + id, "is required");
            if (!ID.matcher(value).matches())
                throw new InvalidInput("settings." + id, "must be the numeric id Meta shows");
            clean.put(id, value);
        }
        for (String secret : secrets) {
            String value = text(settings, secret);
            if (value == null) throw new InvalidInput("settings." + secret, "is required");
            if (value.length() > 1000) throw new InvalidInput("settings." + secret, "is longer than 1000 characters");
            if (secret.equals(VERIFY_TOKEN) && value.length() < 8)
                throw new InvalidInput("settings." + secret, "must be at least 8 characters");
            clean.put(secret, value);
        }
        String base = text(settings, GRAPH_BASE_URL);
        base = base == null ? DEFAULT_BASE_URL : base.replaceAll("/+$", "");
        if (base.length() > 500) throw new InvalidInput("settings.graphBaseUrl", "is longer than 500 characters");
        String why = addresses.refusal(base).orElse(null);
        if (why != null) throw new InvalidInput("settings.graphBaseUrl", why);
        clean.put(GRAPH_BASE_URL, base);
        String version = text(settings, GRAPH_VERSION);
        version = version == null ? DEFAULT_VERSION : version;
        if (!VERSION.matcher(version).matches())
            throw new InvalidInput("settings.graphVersion", "must look like v25.0");
        clean.put(GRAPH_VERSION, version);
        Object human = settings.get(HUMAN_AGENT);
        if (human != null && !(human instanceof Boolean))
            throw new InvalidInput("settings.humanAgent", "must be true or false");
        clean.put(HUMAN_AGENT, Boolean.TRUE.equals(human));
        if (clean.get(VERIFY_TOKEN) != null)
            clean.put(VERIFY_TOKEN_SHA256, sha256(clean.get(VERIFY_TOKEN).toString()));
        return clean;
    }

    private static String text(Map<String, Object> settings, String name) {
        Object value = settings.get(name);
        if (value == null) return null;
        if (!(value instanceof String) && !(value instanceof Number))
            throw new InvalidInput("settings." + name, "must be a string");
        String s = value.toString().strip();
        return s.isEmpty() ? null : s;
    }

    /** Hex SHA-256 of a verify token, as stored beside the sealed token. */
    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <base>/<version>/} — where Graph API paths start. */
    public static String graph(Map<String, Object> settings) {
        Object base = settings.getOrDefault(GRAPH_BASE_URL, DEFAULT_BASE_URL);
        Object version = settings.getOrDefault(GRAPH_VERSION, DEFAULT_VERSION);
        return base + "/" + version + "/";
    }

    public static String string(Map<String, Object> settings, String name) {
        Object value = settings.get(name);
        return value == null ? null : value.toString();
    }
}
