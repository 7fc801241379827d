package fi.mokadesk.channel.email;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * HTML of a mail made safe to show (OWASP sanitizer: no scripts, no event handlers, no forms, no remote
 * images that would tell the sender the mail was read; inline images by {@code cid:} only) and turned into
 * the plain text agents read.
 */
final class HtmlText {

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowCommonBlockElements()
            .allowCommonInlineFormattingElements()
            .allowElements(
                    "a",
                    "br",
                    "hr",
                    "pre",
                    "blockquote",
                    "ul",
                    "ol",
                    "li",
                    "table",
                    "thead",
                    "tbody",
                    "tfoot",
                    "tr",
                    "td",
                    "th",
                    "caption",
                    "img",
                    "span",
                    "div",
                    "font",
                    "center")
            .allowAttributes("href")
            .onElements("a")
            .allowUrlProtocols("https", "http", "mailto", "tel", "cid")
            .requireRelNofollowOnLinks()
            .allowAttributes("src")
            .matching(Pattern.compile("^cid:[^\\s\"'<>]{1,500}$"))
            .onElements("img")
            .allowAttributes("alt", "width", "height")
            .onElements("img")
            .allowAttributes("colspan", "rowspan", "align", "valign")
            .onElements("td", "th")
            .allowAttributes("color")
            .onElements("font")
            .allowStyling()
            .toFactory();

    private HtmlText() {}

    static String sanitize(String html) {
        return POLICY.sanitize(html);
    }

    /** Readable text: blocks and line breaks become new lines, links keep their text. */
    static String toText(String html) {
        StringBuilder out = new StringBuilder();
        Element body = Jsoup.parse(html).body();
        NodeTraversor.traverse(
                new NodeVisitor() {
                    @Override
                    public void head(Node node, int depth) {
                        if (node instanceof TextNode text) {
                            out.append(text.text());
                        } else if (node instanceof Element e) {
                            switch (e.normalName()) {
                                case "br" -> out.append('\n');
                                case "li" -> newLine(out).append("- ");
                                case "p", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table" ->
                                    newLine(out);
                                case "td", "th" -> out.append(' ');
                                default -> {}
                            }
                        }
                    }

                    @Override
                    public void tail(Node node, int depth) {
                        if (node instanceof Element e) {
                            switch (e.normalName()) {
                                case "p", "h1", "h2", "h3", "h4", "h5", "h6" ->
                                    newLine(out).append('\n');
                                case "div", "tr", "li", "table", "blockquote" -> newLine(out);
                                default -> {}
                            }
                        }
                    }
                },
                body);
        return out.toString()
                .replace('\u00a0', ' ')
                .replaceAll("[ \\t]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    private static StringBuilder newLine(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') out.append('\n');
        return out;
    }
}
