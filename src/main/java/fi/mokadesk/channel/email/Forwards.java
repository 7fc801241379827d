package fi.mokadesk.channel.email;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original sender of a mail forwarded inline (Gmail, Outlook, Thunderbird, Apple Mail in Finnish,
 * Swedish and English): the header block after the "forwarded message" line names them.
 */
final class Forwards {

    static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+'=-]{1,64}@[A-Za-z0-9.-]{1,250}\\.[A-Za-z]{2,24}");

    private static final Pattern START = Pattern.compile(
            "^\\s*(?:-{2,}\\s*(?:forwarded message|original message|välitetty viesti|edelleenlähetetty viesti|"
                    + "alkuperäinen viesti|vidarebefordrat meddelande|ursprungligt meddelande)\\s*-{2,}"
                    + "|begin forwarded message:|välitetty viesti alkaa:)\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.MULTILINE);
    private static final Pattern FROM = Pattern.compile(
            "^\\s*(?:\\*)?(?:from|lähettäjä|från|von|mistä)(?:\\*)?:\\s*(.+)$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.MULTILINE);
    private static final Pattern SUBJECT = Pattern.compile(
            "^\\s*(?:\\*)?(?:subject|aihe|ämne|betreff)(?:\\*)?:\\s*(.+)$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.MULTILINE);

    private Forwards() {}

    /** The forwarded original named in {@code text}, or null when the text forwards nothing. */
    static ParsedMail.Forward inline(String text) {
        String head = text.length() > 50_000 ? text.substring(0, 50_000) : text;
        Matcher start = START.matcher(head);
        if (!start.find()) return null;
        String block = head.substring(start.end(), Math.min(head.length(), start.end() + 2000));
        Matcher from = FROM.matcher(block);
        if (!from.find()) return null;
        String line = from.group(1).strip();
        Matcher address = ADDRESS.matcher(line);
        if (!address.find()) return null;
        String name = line.substring(0, address.start())
                .replaceAll("[<>\"\\[\\]]|mailto:", "")
                .strip();
        Matcher subject = SUBJECT.matcher(block);
        return new ParsedMail.Forward(
                address.group().toLowerCase(Locale.ROOT),
                name.isEmpty() ? null : name,
                subject.find() ? subject.group(1).strip() : null,
                null);
    }
}
