package fi.mokadesk.web;

import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Workspaces;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Times as people read them, in the workspace's time zone: "5 min sitten" with the exact time beside it
 * (templates use it as {@code @deskTime}). Every page of a workspace shows its times in the one zone the
 * workspace has set, never the server's or the browser's.
 */
@Component("deskTime")
public class DeskTime {

    private static final String ZONE_ATTRIBUTE = DeskTime.class.getName() + ".zone";
    private static final DateTimeFormatter EXACT_FI = DateTimeFormatter.ofPattern("d.M.yyyy 'klo' H.mm");
    private static final DateTimeFormatter EXACT_EN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_FI = DateTimeFormatter.ofPattern("d.M.yyyy");
    private static final DateTimeFormatter DAY_EN = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final Workspaces workspaces;
    private final MessageSource texts;

    DeskTime(Workspaces workspaces, MessageSource texts) {
        this.workspaces = workspaces;
        this.texts = texts;
    }

    /** The current workspace's zone (looked up once per request); Helsinki outside a workspace. */
    public ZoneId zone() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null
                && request.getAttribute(ZONE_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof ZoneId z) {
            return z;
        }
        ZoneId zone = Access.current().isPresent() ? workspaces.timeZone() : ZoneId.of(Workspaces.DEFAULT_ZONE);
        if (request != null) request.setAttribute(ZONE_ATTRIBUTE, zone, RequestAttributes.SCOPE_REQUEST);
        return zone;
    }

    /** "juuri nyt", "5 min sitten", "3 t sitten", "2 pv sitten", then the date. */
    public String relative(OffsetDateTime at) {
        if (at == null) return "";
        return relative(at.toInstant(), Instant.now(), LocaleContextHolder.getLocale());
    }

    String relative(Instant at, Instant now, Locale locale) {
        long minutes = Math.max(0, Duration.between(at, now).toMinutes());
        if (minutes < 1) return texts.getMessage("time.now", null, locale);
        if (minutes < 60) return texts.getMessage("time.minutes", new Object[] {minutes}, locale);
        if (minutes < 24 * 60) return texts.getMessage("time.hours", new Object[] {minutes / 60}, locale);
        if (minutes < 7 * 24 * 60) return texts.getMessage("time.days", new Object[] {minutes / (24 * 60)}, locale);
        return (english(locale) ? DAY_EN : DAY_FI).format(at.atZone(zone()));
    }

    /** The exact time, for hover and for the timeline: "4.12.2026 klo 11.20". */
    public String exact(OffsetDateTime at) {
        if (at == null) return "";
        return (english(LocaleContextHolder.getLocale()) ? EXACT_EN : EXACT_FI).format(at.atZoneSameInstant(zone()));
    }

    /** An instant of any kind, exactly (for pages that hold {@link Instant}s). */
    public String exact(Instant at) {
        return at == null ? "" : exact(OffsetDateTime.ofInstant(at, zone()));
    }

    private static boolean english(Locale locale) {
        return "en".equals(locale.getLanguage());
    }
}
