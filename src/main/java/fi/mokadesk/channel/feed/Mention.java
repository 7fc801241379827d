package fi.mokadesk.channel.feed;

import fi.mokadesk.channel.MentionRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * A feed entry as a mention message: the title, an excerpt of the content around the first match (the whole
 * content when it is short) and the link, with the places the rules matched, to be highlighted. The link is
 * not searched for matches: a brand in an address is not a mention by itself.
 */
record Mention(String subject, String text, List<String> rules, List<Integer> highlights) {

    private static final int SHORT = FeedPoller.EXCERPT_BEFORE + FeedPoller.EXCERPT_AFTER + 100;

    /** The mention the entry makes, or null when no rule that applies to the source matches it. */
    static Mention of(FeedParser.Entry entry, MentionRules rules, UUID channelId) {
        // A message's subject holds at most 500 characters; a longer title is cut there in the text too.
        String title = entry.title().length() > 500 ? entry.title().substring(0, 499) + "…" : entry.title();
        String content = entry.text();
        String head = title.isEmpty() ? "" : title + "\n\n";
        List<MentionRules.Found> found = rules.find(channelId, "feed", head + content);
        if (found.isEmpty()) return null;
        String excerpt = content;
        if (content.length() > SHORT) {
            int at = found.stream()
                    .filter(f -> f.start() >= head.length())
                    .mapToInt(f -> f.start() - head.length())
                    .findFirst()
                    .orElse(0);
            int from = wordStart(content, Math.max(0, at - FeedPoller.EXCERPT_BEFORE));
            int to = wordEnd(content, Math.min(content.length(), at + FeedPoller.EXCERPT_AFTER));
            excerpt =
                    (from > 0 ? "… " : "") + content.substring(from, to).strip() + (to < content.length() ? " …" : "");
        }
        String body = (head + excerpt).strip();
        String text = entry.url() == null ? body : body + "\n\n" + entry.url();
        List<Integer> highlights = new ArrayList<>();
        int last = 0;
        for (MentionRules.Found f : rules.find(channelId, "feed", body)) {
            if (f.start() < last) continue; // another rule's match of the same words is shown once
            highlights.add(f.start());
            highlights.add(f.end());
            last = f.end();
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        found.forEach(f -> names.add(f.rule()));
        String subject = title.isEmpty() ? null : title;
        return new Mention(subject, text, List.copyOf(names), highlights);
    }

    /** {@code at} moved back to the start of its word. */
    private static int wordStart(String text, int at) {
        int i = at;
        while (i > 0 && i > at - 40 && !Character.isWhitespace(text.charAt(i - 1))) i--;
        return i > at - 40 ? i : at;
    }

    /** {@code at} moved on to the end of its word. */
    private static int wordEnd(String text, int at) {
        int i = at;
        while (i < text.length() && i < at + 40 && !Character.isWhitespace(text.charAt(i))) i++;
        return i < at + 40 ? i : at;
    }
}
