package fi.mokadesk.channel.form;

import fi.mokadesk.kernel.InvalidInput;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A form channel's settings: which fields the form shows (labels in Finnish and English, required or not),
 * which web sites may post to it, the thank-you text, the contacts to offer when the form is failing, and
 * whether a confirmation email is wanted. {@link #validate} makes a stored map from what an admin sent;
 * {@link #of} reads a stored map back.
 */
record FormSettings(
        String formKey,
        List<Field> fields,
        List<String> siteOrigins,
        Map<String, String> thankYouText,
        Contacts alternativeContacts,
        boolean confirmationEmail) {

    /** The fields a form may have, in the order the page shows them. */
    static final List<String> FIELD_NAMES = List.of("name", "email", "phone", "orderNumber", "message", "consent");

    static final String FORM_KEY = "formKey";
    private static final Set<String> SETTINGS =
            Set.of(FORM_KEY, "fields", "siteOrigins", "thankYouText", "alternativeContacts", "confirmationEmail");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{32,64}");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final SecureRandom RANDOM = new SecureRandom();

    record Field(String name, String labelFi, String labelEn, boolean required, boolean shown) {
        String label(Locale locale) {
            return "en".equals(locale.getLanguage()) ? labelEn : labelFi;
        }
    }

    record Contacts(String phone, String email, String openingHours) {
        boolean any() {
            return phone != null || email != null || openingHours != null;
        }
    }

    Field field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    String thankYou(Locale locale) {
        return "en".equals(locale.getLanguage()) ? thankYouText.get("en") : thankYouText.get("fi");
    }

    private static Map<String, Field> defaults() {
        Map<String, Field> d = new LinkedHashMap<>();
        d.put("name", new Field("name", "Nimi", "Name", true, true));
        d.put("email", new Field("email", "Sähköposti", "Email", true, true));
        d.put("phone", new Field("phone", "Puhelinnumero", "Phone number", false, true));
        d.put("orderNumber", new Field("orderNumber", "Tilausnumero", "Order number", false, true));
        d.put("message", new Field("message", "Viesti", "Message", true, true));
        d.put(
                "consent",
                new Field(
                        "consent",
                        "Annan luvan käyttää tietojani yhteydenottoni käsittelyyn",
                        "I agree that my details are used to handle my enquiry",
                        false,
                        false));
        return d;
    }

    private static final Map<String, String> THANK_YOU = Map.of(
            "fi", "Kiitos viestistäsi! Vastaamme mahdollisimman pian.",
            "en", "Thank you for your message! We will answer as soon as we can.");

    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stored settings as the form uses them; anything missing takes its default. */
    @SuppressWarnings("unchecked")
    static FormSettings of(Map<String, Object> stored) {
        Map<String, Field> fields = defaults();
        if (stored.get("fields") instanceof Map<?, ?> given) {
            given.forEach((name, value) -> {
                Field base = fields.get(String.valueOf(name));
                if (base != null && value instanceof Map<?, ?> f)
                    fields.put(base.name(), field(base, (Map<String, Object>) f, null));
            });
        }
        List<String> origins = stored.get("siteOrigins") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
        Map<String, String> thanks = new LinkedHashMap<>(THANK_YOU);
        if (stored.get("thankYouText") instanceof Map<?, ?> t) {
            t.forEach((k, v) -> {
                if (v != null) thanks.put(String.valueOf(k), String.valueOf(v));
            });
        }
        Contacts contacts = new Contacts(null, null, null);
        if (stored.get("alternativeContacts") instanceof Map<?, ?> c) {
            contacts = new Contacts(string(c.get("phone")), string(c.get("email")), string(c.get("openingHours")));
        }
        return new FormSettings(
                string(stored.get(FORM_KEY)),
                List.copyOf(fields.values()),
                origins,
                thanks,
                contacts,
                Boolean.TRUE.equals(stored.get("confirmationEmail")));
    }

    /** What an admin sent, checked and completed for storing; a 400 names {@code settings.<field>}. */
    static Map<String, Object> validate(Map<String, Object> given) {
        for (String name : given.keySet()) {
            if (!SETTINGS.contains(name)) {
                throw new InvalidInput(
                        "settings." + name,
                        "is not a setting of a contact form (fields, siteOrigins, thankYouText, alternativeContacts,"
                                + " confirmationEmail)");
            }
        }
        Map<String, Object> clean = new LinkedHashMap<>();
        Object key = given.get(FORM_KEY);
        if (key == null) {
            clean.put(FORM_KEY, newKey());
        } else if (key instanceof String k && KEY.matcher(k).matches()) {
            clean.put(FORM_KEY, k);
        } else {
            throw new InvalidInput("settings.formKey", "is made by Mokadesk; leave it out, or send null for a new one");
        }
        clean.put("fields", fields(given.get("fields")));
        clean.put("siteOrigins", origins(given.get("siteOrigins")));
        clean.put("thankYouText", thankYou(given.get("thankYouText")));
        clean.put("alternativeContacts", contacts(given.get("alternativeContacts")));
        Object confirmation = given.get("confirmationEmail");
        if (confirmation != null && !(confirmation instanceof Boolean)) {
            throw new InvalidInput("settings.confirmationEmail", "must be true or false");
        }
        clean.put("confirmationEmail", Boolean.TRUE.equals(confirmation));
        return clean;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Object given) {
        Map<String, Field> fields = defaults();
        if (given != null) {
            if (!(given instanceof Map<?, ?> map)) {
                throw new InvalidInput("settings.fields", "must be an object of fields: " + FIELD_NAMES);
            }
            map.forEach((name, value) -> {
                String n = String.valueOf(name);
                Field base = fields.get(n);
                if (base == null) {
                    throw new InvalidInput(
                            "settings.fields." + n, "is not a form field; the fields are " + FIELD_NAMES);
                }
                if (!(value instanceof Map<?, ?> f)) {
                    throw new InvalidInput("settings.fields." + n, "must be an object (label, required, shown)");
                }
                fields.put(n, field(base, (Map<String, Object>) f, "settings.fields." + n));
            });
        }
        Field message = fields.get("message");
        if (!message.required() || !message.shown()) {
            throw new InvalidInput("settings.fields.message", "is always shown and required: it is the message");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        fields.values().forEach(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", Map.of("fi", f.labelFi(), "en", f.labelEn()));
            m.put("required", f.required());
            m.put("shown", f.shown());
            out.put(f.name(), m);
        });
        return out;
    }

    /** {@code base} changed by {@code given}; {@code path} non-null means the values are checked. */
    private static Field field(Field base, Map<String, Object> given, String path) {
        String fi = base.labelFi();
        String en = base.labelEn();
        Object label = given.get("label");
        if (label instanceof String text) {
            fi = en = label(text, path);
        } else if (label instanceof Map<?, ?> labels) {
            if (labels.get("fi") != null) fi = label(labels.get("fi"), path);
            if (labels.get("en") != null) en = label(labels.get("en"), path);
        } else if (label != null && path != null) {
            throw new InvalidInput(path + ".label", "must be a text or {\"fi\": …, \"en\": …}");
        }
        boolean required = flag(given.get("required"), base.required(), path == null ? null : path + ".required");
        boolean shown = flag(given.get("shown"), base.shown(), path == null ? null : path + ".shown");
        if (required && !shown && path != null) {
            throw new InvalidInput(path, "a required field must be shown");
        }
        return new Field(base.name(), fi, en, required, shown);
    }

    private static String label(Object value, String path) {
        String text = value == null ? "" : String.valueOf(value).strip();
        if (path != null && (!(value instanceof String) || text.isEmpty() || text.length() > 200)) {
            throw new InvalidInput(path + ".label", "must be a text of 1 to 200 characters");
        }
        return text;
    }

    private static boolean flag(Object value, boolean otherwise, String path) {
        if (value == null) return otherwise;
        if (value instanceof Boolean b) return b;
        if (path != null) throw new InvalidInput(path, "must be true or false");
        return otherwise;
    }

    private static List<String> origins(Object given) {
        if (given == null) return List.of();
        List<?> list;
        if (given instanceof String one) list = one.isBlank() ? List.of() : List.of(one.split("[\\s,]+"));
        else if (given instanceof List<?> l) list = l;
        else throw new InvalidInput("settings.siteOrigins", "must be a list of origins like https://www.example.fi");
        if (list.size() > 20) throw new InvalidInput("settings.siteOrigins", "may name at most 20 origins");
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String text) || text.isBlank()) continue;
            String origin = origin(text.strip());
            if (origin == null) {
                throw new InvalidInput(
                        "settings.siteOrigins",
                        "'" + (text.length() > 80 ? text.substring(0, 80) : text)
                                + "' is not an origin (scheme and host, e.g. https://www.example.fi)");
            }
            if (!out.contains(origin)) out.add(origin);
        }
        return out;
    }

    /** {@code scheme://host[:port]} in lower case, or null when {@code text} is not such an origin. */
    static String origin(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) return null;
            if (uri.getHost() == null || uri.getRawUserInfo() != null) return null;
            if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty())
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) return null;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Map<String, String> thankYou(Object given) {
        Map<String, String> out = new LinkedHashMap<>(THANK_YOU);
        if (given == null) return out;
        if (given instanceof String text) {
            out.put("fi", text(text, "settings.thankYouText", 1000));
            out.put("en", out.get("fi"));
        } else if (given instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String lang = String.valueOf(e.getKey());
                if (!lang.equals("fi") && !lang.equals("en")) {
                    throw new InvalidInput("settings.thankYouText", "has texts for fi and en only");
                }
                if (e.getValue() != null) out.put(lang, text(e.getValue(), "settings.thankYouText." + lang, 1000));
            }
        } else {
            throw new InvalidInput("settings.thankYouText", "must be a text or {\"fi\": …, \"en\": …}");
        }
        return out;
    }

    private static Map<String, Object> contacts(Object given) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (given == null) return out;
        if (!(given instanceof Map<?, ?> map)) {
            throw new InvalidInput("settings.alternativeContacts", "must be an object (phone, email, openingHours)");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String path = "settings.alternativeContacts." + name;
            if (e.getValue() == null || (e.getValue() instanceof String s && s.isBlank())) continue;
            switch (name) {
                case "phone" -> {
                    String phone = text(e.getValue(), path, 50);
                    if (!phone.matches("[+0-9 ()\\-]{5,50}")) throw new InvalidInput(path, "is not a phone number");
                    out.put(name, phone);
                }
                case "email" -> {
                    String email = text(e.getValue(), path, 254);
                    if (!EMAIL.matcher(email).matches()) throw new InvalidInput(path, "is not an email address");
                    out.put(name, email);
                }
                case "openingHours" -> out.put(name, text(e.getValue(), path, 200));
                default -> throw new InvalidInput(path, "is not a contact (phone, email, openingHours)");
            }
        }
        return out;
    }

    private static String text(Object value, String path, int max) {
        if (!(value instanceof String s)) throw new InvalidInput(path, "must be a text");
        String text = s.strip();
        if (text.isEmpty() || text.length() > max) {
            throw new InvalidInput(path, "must be 1 to " + max + " characters");
        }
        if (fi.mokadesk.kernel.StorableText.problem(text) != null) {
            throw new InvalidInput(path, fi.mokadesk.kernel.StorableText.problem(text));
        }
        return text;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
