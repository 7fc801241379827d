package fi.mokadesk.conversation;

import fi.mokadesk.kernel.InvalidInput;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of channel Mokadesk knows. A message names one of these; anything else is refused, so a typo
 * or a made-up value never becomes a channel of its own (and an inbox filter option). Until workspaces
 * configure their own channels, this catalogue is the list for every workspace.
 */
public enum ChannelType {
    /** The generic ingest API (an integration, a CRM). */
    API,
    EMAIL,
    /** A web contact form. */
    FORM,
    FACEBOOK,
    INSTAGRAM,
    WHATSAPP,
    /** Mentions from RSS/Atom feeds, forums, news and Google Alerts. */
    FEED,
    /** X (formerly Twitter). */
    X;

    /** The code used in the API, the database and the inbox filter: the lowercase name. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(ChannelType::code).toList();
    }

    /** The channel named by {@code code} (case and surrounding spaces ignored), or a 400 naming the field. */
    public static ChannelType of(String code, String field) {
        String clean = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
        for (ChannelType type : values()) {
            if (type.code().equals(clean)) return type;
        }
        throw new InvalidInput(
                field,
                "must be one of "
                        + Arrays.stream(values()).map(ChannelType::code).collect(Collectors.joining(", ")));
    }
}
