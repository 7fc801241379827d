package fi.mokadesk.channel.feed;

import fi.mokadesk.kernel.InvalidInput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A feed channel's settings: the feed's address and how often it is read (minutes, default 15). */
record FeedSettings(String url, int pollMinutes) {

    static final int DEFAULT_MINUTES = 15;
    static final int MAX_MINUTES = 24 * 60;
    private static final Set<String> NAMES = Set.of("url", "pollMinutes");

    static FeedSettings of(Map<String, Object> stored) {
        Object minutes = stored.get("pollMinutes");
        int m = minutes instanceof Number n ? n.intValue() : DEFAULT_MINUTES;
        return new FeedSettings(String.valueOf(stored.get("url")), Math.max(1, Math.min(MAX_MINUTES, m)));
    }

    /**
     * What an admin sent, checked for storing; a 400 names {@code settings.<field>}. {@code refusal} is the
     * address policy's answer for the URL (a private address when those are not allowed), checked here as a
     * courtesy and again at every fetch.
     */
    static Map<String, Object> validate(
            Map<String, Object> given, java.util.function.Function<String, java.util.Optional<String>> refusal) {
        for (String name : given.keySet()) {
            if (!NAMES.contains(name)) {
                throw new InvalidInput("settings." + name, "is not a setting of a feed (url, pollMinutes)");
            }
        }
        Object url = given.get("url");
        if (!(url instanceof String text) || text.isBlank()) {
            throw new InvalidInput("settings.url", "is required: the address of an RSS or Atom feed");
        }
        String clean = text.strip();
        if (clean.length() > 2000) throw new InvalidInput("settings.url", "is longer than 2000 characters");
        refusal.apply(clean).ifPresent(why -> {
            throw new InvalidInput("settings.url", why);
        });
        Object minutes = given.get("pollMinutes");
        int m = DEFAULT_MINUTES;
        if (minutes != null) {
            if (minutes instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) m = n.intValue();
            else if (minutes instanceof String s && s.strip().matches("[0-9]{1,6}")) m = Integer.parseInt(s.strip());
            else throw new InvalidInput("settings.pollMinutes", "must be a whole number of minutes");
            if (m < 1 || m > MAX_MINUTES) {
                throw new InvalidInput("settings.pollMinutes", "must be between 1 and " + MAX_MINUTES + " minutes");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", clean);
        out.put("pollMinutes", m);
        return out;
    }
}
