package fi.mokadesk.storm;

import fi.mokadesk.workspace.Workspaces;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * How storms are put into words, in the reader's language and the workspace's time zone (the one every page
 * of the workspace shows its times in, {@code workspace.time_zone}).
 */
@Component
class StormTexts {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH.mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d.M. HH.mm");

    private final MessageSource messages;
    private final Supplier<ZoneId> zone;
    private final Locale notificationLocale;
    private final String deskUrl;

    @Autowired
    StormTexts(
            MessageSource messages,
            Workspaces workspaces,
            @Value("${mokadesk.storms.notification-language:fi}") String language,
            @Value("${mokadesk.storms.desk-url:${mokadesk.public-url:}}") String deskUrl) {
        this(messages, workspaces::timeZone, language, deskUrl);
    }

    /** With the zone given (the email test, which has no workspace). */
    StormTexts(MessageSource messages, Supplier<ZoneId> zone, String language, String deskUrl) {
        this.messages = messages;
        this.zone = zone;
        this.notificationLocale = Locale.forLanguageTag(language);
        this.deskUrl = deskUrl.endsWith("/") ? deskUrl.substring(0, deskUrl.length() - 1) : deskUrl;
    }

    /** The current workspace's time zone (one lookup; pass it on when writing many times). */
    ZoneId zone() {
        return zone.get();
    }

    Locale notificationLocale() {
        return notificationLocale;
    }

    /** Series named after something (a channel, a keyword rule): prefix → message key taking the name. */
    private static final Map<String, String> PREFIXED = Map.of(
            StormCounter.CHANNEL, "storm.series.channel",
            StormCounter.RULE, "storm.series.rule",
            StormCounter.RULE_NEGATIVE, "storm.series.rule-negative");

    /** "negative mentions", "mentions on channel x", … */
    String series(String series, Locale locale) {
        for (var prefixed : PREFIXED.entrySet()) {
            if (series.startsWith(prefixed.getKey())) {
                String name = series.substring(prefixed.getKey().length());
                return messages.getMessage(prefixed.getValue(), new Object[] {name}, locale);
            }
        }
        return messages.getMessage("storm.series." + series, null, series, locale);
    }

    String magnitude(double magnitude) {
        return magnitude >= 10
                ? String.valueOf(Math.round(magnitude))
                : String.format(Locale.ROOT, "%.1f", magnitude).replace(".0", "");
    }

    String time(Instant at, ZoneId zone) {
        return TIME.format(at.atZone(zone));
    }

    /** A number with at most one decimal, written the way the language writes it (4,3 / 4.3). */
    String number(double value, Locale locale) {
        java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(locale);
        f.setMaximumFractionDigits(1);
        return f.format(value);
    }

    String dateTime(Instant at, ZoneId zone) {
        return DATE_TIME.format(at.atZone(zone));
    }

    /** "Storm: negative mentions 6× the usual (since 14.05)". */
    String headline(String series, double magnitude, Instant onset, Locale locale, ZoneId zone) {
        return messages.getMessage(
                "storm.banner", new Object[] {series(series, locale), magnitude(magnitude), time(onset, zone)}, locale);
    }

    String body(StormDetected storm, Locale locale, ZoneId zone) {
        StringBuilder text =
                new StringBuilder(headline(storm.series(), storm.magnitude(), storm.onset(), locale, zone));
        text.append('\n')
                .append(messages.getMessage(
                        "storm.notify.numbers",
                        new Object[] {
                            storm.observed(),
                            String.format(Locale.ROOT, "%.1f", storm.expected()),
                            dateTime(storm.onset(), zone)
                        },
                        locale));
        if (!storm.topTerms().isEmpty()) {
            text.append('\n')
                    .append(messages.getMessage(
                            "storm.notify.terms", new Object[] {String.join(", ", storm.topTerms())}, locale));
        }
        if (!deskUrl.isEmpty()) {
            text.append('\n')
                    .append(deskUrl)
                    .append("/storms?series=")
                    .append(java.net.URLEncoder.encode(storm.series(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
