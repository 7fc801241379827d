package fi.mokadesk.channel.email;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a mail's own words end and the quoted history of earlier mails begins, so the conversation page can
 * fold the history away. Recognises the attribution lines of the common mail programs in Finnish, Swedish and
 * English ("kirjoitti:", "wrote:", "skrev:"), Outlook's header block and separator, and a closing block of
 * {@code >} lines.
 */
final class Quotes {

    private static final Pattern MARKERS = Pattern.compile(
            "^(?:"
                    + "-{2,}\\s*(?:original message|alkuperäinen viesti|ursprungligt meddelande|forwarded message|"
                    + "välitetty viesti|edelleenlähetetty viesti)\\s*-{2,}"
                    + "|_{20,}"
                    + "|(?:from|lähettäjä|från|von):\\s.+\\n(?:.*\\n){0,2}?(?:sent|lähetetty|skickat|gesendet|date|päivämäärä):\\s.*"
                    + "|(?:on|le|am)\\s.{4,200}\\s(?:wrote|a écrit|schrieb):"
                    + "|.{4,200}\\s(?:kirjoitti|skrev|wrote)(?:\\s.{0,80})?:"
                    + ")\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.MULTILINE);

    private static final Pattern QUOTED_TAIL = Pattern.compile("(?:^>.*(?:\\n|$))+\\s*\\z", Pattern.MULTILINE);

    private Quotes() {}

    /** The index where quoted history starts, or -1 when the whole text is the sender's own. */
    static int start(String text) {
        // Only the first 100 000 characters are searched: a wall of text is not worth a slow regex.
        String head = text.length() > 100_000 ? text.substring(0, 100_000) : text;
        int at = -1;
        Matcher m = MARKERS.matcher(head);
        if (m.find()) at = m.start();
        Matcher tail = QUOTED_TAIL.matcher(head);
        if (tail.find() && (at < 0 || tail.start() < at)) at = tail.start();
        // Nothing of the sender's own before it (a mail that only quotes): show it all.
        if (at <= 0 || text.substring(0, at).isBlank()) return -1;
        return at;
    }
}
