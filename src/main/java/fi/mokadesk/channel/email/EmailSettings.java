package fi.mokadesk.channel.email;

import fi.mokadesk.kernel.InvalidInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of one email channel: the IMAP mailbox mail is read from and the SMTP server replies leave
 * by. {@code password} and {@code smtpPassword} are secrets; SMTP falls back to the IMAP account's user
 * name and password when it has none of its own (most providers use one account for both).
 */
record EmailSettings(
        String imapHost,
        int imapPort,
        String imapSecurity,
        String username,
        String password,
        String folder,
        String smtpHost,
        int smtpPort,
        String smtpSecurity,
        String smtpUsername,
        String smtpPassword,
        String fromAddress,
        String fromName,
        int pollSeconds,
        Boolean idle,
        boolean sentCopy,
        String sentFolder) {

    static final String PASSWORD = "password";
    static final String SMTP_PASSWORD = "smtpPassword";
    static final Set<String> SECRETS = Set.of(PASSWORD, SMTP_PASSWORD);
    static final List<String> NAMES = List.of(
            "imapHost",
            "imapPort",
            "imapSecurity",
            "username",
            PASSWORD,
            "folder",
            "smtpHost",
            "smtpPort",
            "smtpSecurity",
            "smtpUsername",
            SMTP_PASSWORD,
            "fromAddress",
            "fromName",
            "pollSeconds",
            "idle",
            "sentCopy",
            "sentFolder");
    private static final List<String> SECURITY = List.of("ssl", "starttls", "none");
    private static final Pattern HOST =
            Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$|^\\[[0-9a-fA-F:.]{2,45}]$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[^@\\s<>\"]{1,253}$");

    /** Checks and completes settings as an admin entered them; a 400 names the first wrong field. */
    static Map<String, Object> validate(Map<String, Object> given) {
        for (String name : given.keySet()) {
            if (!NAMES.contains(name)) {
                throw new InvalidInput(
                        "settings." + name, "is not a setting of an email channel (" + String.join(", ", NAMES) + ")");
            }
        }
        Map<String, Object> clean = new LinkedHashMap<>();
        String imapHost = host(given, "imapHost", true);
        String imapSecurity = choice(given, "imapSecurity", "ssl");
        clean.put("imapHost", imapHost);
        clean.put("imapPort", port(given, "imapPort", imapSecurity.equals("ssl") ? 993 : 143));
        clean.put("imapSecurity", imapSecurity);
        clean.put("username", text(given, "username", true, 320));
        clean.put(PASSWORD, secret(given, PASSWORD, true));
        String folder = text(given, "folder", false, 200);
        clean.put("folder", folder == null ? "INBOX" : folder);
        String smtpHost = host(given, "smtpHost", false);
        String smtpSecurity = choice(given, "smtpSecurity", "starttls");
        if (smtpHost != null) clean.put("smtpHost", smtpHost);
        clean.put(
                "smtpPort",
                port(
                        given,
                        "smtpPort",
                        switch (smtpSecurity) {
                            case "ssl" -> 465;
                            case "starttls" -> 587;
                            default -> 25;
                        }));
        clean.put("smtpSecurity", smtpSecurity);
        String smtpUser = text(given, "smtpUsername", false, 320);
        if (smtpUser != null) clean.put("smtpUsername", smtpUser);
        String smtpPassword = secret(given, SMTP_PASSWORD, false);
        if (smtpPassword != null) clean.put(SMTP_PASSWORD, smtpPassword);
        String from = text(given, "fromAddress", false, 320);
        if (from == null && EMAIL.matcher((String) clean.get("username")).matches())
            from = (String) clean.get("username");
        if (from != null) {
            if (!EMAIL.matcher(from).matches())
                throw new InvalidInput("settings.fromAddress", "is not an email address");
            clean.put("fromAddress", from.toLowerCase(Locale.ROOT));
        } else if (smtpHost != null) {
            throw new InvalidInput(
                    "settings.fromAddress", "is required for sending replies (the username is no address)");
        }
        String fromName = text(given, "fromName", false, 200);
        if (fromName != null) {
            if (fromName.matches(".*[\\r\\n].*")) throw new InvalidInput("settings.fromName", "must be one line");
            clean.put("fromName", fromName);
        }
        clean.put("pollSeconds", number(given, "pollSeconds", 30, 1, 86_400));
        // Left out: IMAP IDLE wherever the server has it (and MOKADESK_EMAIL_IDLE allows it).
        Boolean idle = bool(given, "idle");
        if (idle != null) clean.put("idle", idle);
        Boolean sentCopy = bool(given, "sentCopy");
        clean.put("sentCopy", sentCopy != null && sentCopy);
        String sentFolder = text(given, "sentFolder", false, 200);
        if (sentFolder != null) clean.put("sentFolder", sentFolder);
        if (Boolean.TRUE.equals(sentCopy) && smtpHost == null)
            throw new InvalidInput("settings.sentCopy", "needs smtpHost: only replies sent over SMTP are copied");
        return clean;
    }

    /** Settings as stored (secrets opened) back into a record. */
    static EmailSettings of(Map<String, Object> settings) {
        String username = string(settings.get("username"));
        String password = string(settings.get(PASSWORD));
        String smtpUser = string(settings.get("smtpUsername"));
        String smtpPassword = string(settings.get(SMTP_PASSWORD));
        return new EmailSettings(
                string(settings.get("imapHost")),
                integer(settings.get("imapPort"), 993),
                orElse(string(settings.get("imapSecurity")), "ssl"),
                username,
                password,
                orElse(string(settings.get("folder")), "INBOX"),
                string(settings.get("smtpHost")),
                integer(settings.get("smtpPort"), 587),
                orElse(string(settings.get("smtpSecurity")), "starttls"),
                smtpUser != null ? smtpUser : username,
                smtpPassword != null ? smtpPassword : password,
                string(settings.get("fromAddress")),
                string(settings.get("fromName")),
                integer(settings.get("pollSeconds"), 30),
                settings.get("idle") instanceof Boolean b ? b : null,
                Boolean.TRUE.equals(settings.get("sentCopy")),
                string(settings.get("sentFolder")));
    }

    /** A domain for the Message-IDs of replies: the sender address's own. */
    String domain() {
        String from = fromAddress != null ? fromAddress : username;
        int at = from == null ? -1 : from.lastIndexOf('@');
        return at < 0 ? "mokadesk.invalid" : from.substring(at + 1);
    }

    private static String host(Map<String, Object> given, String field, boolean required) {
        String host = text(given, field, required, 253);
        if (host != null && !HOST.matcher(host).matches())
            throw new InvalidInput("settings." + field, "is not a host name");
        return host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    private static String choice(Map<String, Object> given, String field, String fallback) {
        String value = text(given, field, false, 20);
        if (value == null) return fallback;
        String lower = value.toLowerCase(Locale.ROOT);
        if (!SECURITY.contains(lower))
            throw new InvalidInput("settings." + field, "must be one of ssl, starttls, none");
        return lower;
    }

    private static int port(Map<String, Object> given, String field, int fallback) {
        return number(given, field, fallback, 1, 65_535);
    }

    private static int number(Map<String, Object> given, String field, int fallback, int min, int max) {
        Object value = given.get(field);
        if (value == null || (value instanceof String s && s.isBlank())) return fallback;
        long n;
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            n = number.longValue();
        } else if (value instanceof String s && s.strip().matches("\\d{1,9}")) {
            n = Long.parseLong(s.strip());
        } else {
            throw new InvalidInput("settings." + field, "must be a whole number");
        }
        if (n < min || n > max) throw new InvalidInput("settings." + field, "must be between " + min + " and " + max);
        return (int) n;
    }

    private static String text(Map<String, Object> given, String field, boolean required, int max) {
        Object value = given.get(field);
        if (value != null && !(value instanceof String))
            throw new InvalidInput("settings." + field, "must be a string");
        String s = value == null ? null : ((String) value).strip();
        if (s == null || s.isEmpty()) {
            if (required) throw new InvalidInput("settings." + field, "is required");
            return null;
        }
        if (s.length() > max) throw new InvalidInput("settings." + field, "is longer than " + max + " characters");
        if (s.chars().anyMatch(c -> c < 0x20))
            throw new InvalidInput("settings." + field, "contains control characters");
        return s;
    }

    private static String secret(Map<String, Object> given, String field, boolean required) {
        Object value = given.get(field);
        if (value != null && !(value instanceof String))
            throw new InvalidInput("settings." + field, "must be a string");
        String s = (String) value;
        if (s == null || s.isEmpty()) {
            if (required) throw new InvalidInput("settings." + field, "is required");
            return null;
        }
        if (s.length() > 500) throw new InvalidInput("settings." + field, "is longer than 500 characters");
        return s; // a password is used exactly as typed
    }

    private static Boolean bool(Map<String, Object> given, String field) {
        Object value = given.get(field);
        if (value == null || (value instanceof String s && s.isBlank())) return null;
        if (value instanceof Boolean b) return b;
        if (value instanceof String s
                && (s.strip().equalsIgnoreCase("true") || s.strip().equals("on"))) return true;
        if (value instanceof String s && s.strip().equalsIgnoreCase("false")) return false;
        throw new InvalidInput("settings." + field, "must be true or false");
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int integer(Object value, int fallback) {
        if (value instanceof Number n) return n.intValue();
        if (value instanceof String s && s.matches("\\d{1,9}")) return Integer.parseInt(s);
        return fallback;
    }
}
