package fi.mokadesk.conversation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a channel knows about its messages beyond the text: attachments, the quoted history to fold away,
 * and marks such as "auto-reply" or "bounce". Implemented by channel adapters (email) so conversations
 * never read a channel's tables; every implementation is asked and the answers are merged.
 */
public interface MessageExtras {

    /**
     * @param quotedFrom where the message text turns into quoted reply history (-1: none), for folding it
     * @param marks codes of what the channel noticed: {@code auto-reply}, {@code bounce}, {@code list},
     *     {@code forwarded}, {@code truncated}
     * @param htmlUrl where the sanitised HTML version can be seen, or null
     * @param highlights spans of the text to highlight (a keyword rule's match), as pairs of UTF-16 offsets
     *     (start, end exclusive); shown as marked text, never as markup
     * @param sourceUrl where the message was published (a feed entry's page), or null
     * @param links what the channel adds beside the message: where it is on the platform, the other half of a
     *     conversation moved to private, a reply window, an action offered on it
     */
    record Extra(
            List<Attachment> attachments,
            int quotedFrom,
            List<String> marks,
            String htmlUrl,
            List<Integer> highlights,
            String sourceUrl,
            List<Link> links) {

        public Extra(List<Attachment> attachments, int quotedFrom, List<String> marks, String htmlUrl) {
            this(attachments, quotedFrom, marks, htmlUrl, List.of(), null, List.of());
        }

        /** A mention: highlighted matches and the page it was published on. */
        public Extra(
                List<Attachment> attachments,
                int quotedFrom,
                List<String> marks,
                String htmlUrl,
                List<Integer> highlights,
                String sourceUrl) {
            this(attachments, quotedFrom, marks, htmlUrl, highlights, sourceUrl, List.of());
        }

        /** A platform message: what the channel shows beside it. */
        public Extra(
                List<Attachment> attachments, int quotedFrom, List<String> marks, String htmlUrl, List<Link> links) {
            this(attachments, quotedFrom, marks, htmlUrl, List.of(), null, links);
        }

        public Extra {
            highlights = highlights == null ? List.of() : List.copyOf(highlights);
            links = links == null ? List.of() : List.copyOf(links);
        }
    }

    /**
     * One thing a channel shows beside a message. {@code kind} is {@code link} (opens {@code href}),
     * {@code text} (no {@code href}) or {@code action} (a button that posts to {@code href}); {@code label}
     * is a message key, {@code arg} its one argument (or null).
     */
    record Link(String kind, String label, String arg, String href) {}

    /** A file that came with a message; {@code url} serves it to signed-in staff, null when not kept. */
    record Attachment(String name, String contentType, long size, String url, boolean image, String note) {}

    Map<UUID, Extra> of(Collection<UUID> messageIds);
}
