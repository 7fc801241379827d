package fi.mokadesk.channel.email;

import fi.mokadesk.kernel.StorableText;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a raw RFC 5322 mail into a {@link ParsedMail}. Pure: no database, no network, so it can be fed
 * anything (see the fuzz test). It never throws for a bad mail: each part that cannot be read is noted in
 * {@code problems} and the rest is kept. Limits keep hostile mails small: attachments over the size limit
 * are recorded without content, nesting and part counts are bounded, and nothing is ever unpacked.
 */
final class MailParser {

    /** Size limits: one attachment, and all kept attachment content of one mail together. */
    record Limits(long maxAttachmentBytes, long maxMailBytes) {
        static final Limits DEFAULT = new Limits(10L * 1024 * 1024, 25L * 1024 * 1024);
    }

    private static final int MAX_DEPTH = 12;
    private static final int MAX_PARTS = 200;
    private static final int MAX_HEADERS_CHARS = 64 * 1024;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Pattern ANGLE_ID = Pattern.compile("<([^<>\\s]{1,900})>");
    private static final Pattern AUTO_SUBJECT = Pattern.compile(
            "^(auto(matic)?[ -]?(reply|response)|automaattinen vastaus|out of (the )?office|poissa( toimistosta)?|"
                    + "autosvar|abwesenheitsnotiz|lomalla|vacation)\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern DAEMON = Pattern.compile("^(mailer-daemon|postmaster)@", Pattern.CASE_INSENSITIVE);

    private static final Session SESSION;

    static {
        Properties p = new Properties();
        // Headers in raw UTF-8 (not encoded-words) are read as UTF-8; encoded-words inside words decoded.
        p.setProperty("mail.mime.allowutf8", "true");
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
        p.setProperty("mail.mime.multipart.allowempty", "true");
        p.setProperty("mail.mime.parameters.strict", "false");
        p.setProperty("mail.mime.ignoreunknownencoding", "true");
        SESSION = Session.getInstance(p);
    }

    private final Limits limits;

    MailParser(Limits limits) {
        this.limits = limits;
    }

    /** Everything that could be read of {@code raw}; {@code truncated} says the server's copy was longer. */
    ParsedMail parse(byte[] raw, boolean truncated) {
        Reading r = new Reading();
        if (truncated) r.problems.add("the mail was larger than the limit; only its beginning was read");
        int bodyStart = bodyStart(raw);
        String contentSha = sha256(raw, bodyStart, raw.length - bodyStart);
        MimeMessage mime;
        try {
            mime = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        } catch (MessagingException | RuntimeException e) {
            // Not even the header block could be read: the bytes become the text, decoded as well as possible.
            r.problems.add("the mail could not be read as MIME: " + e);
            return unreadable(
                    clean(decode(raw, null, r)),
                    clean(headerBlock(raw, bodyStart)),
                    contentSha,
                    raw.length,
                    r.problems);
        }
        String messageId = firstId(header(mime, "Message-ID"));
        List<String> inReplyTo = ids(header(mime, "In-Reply-To"));
        List<String> references = ids(header(mime, "References"));
        InternetAddress from = address(mime, "From", r);
        InternetAddress replyTo = address(mime, "Reply-To", r);
        String subject = decodeHeader(header(mime, "Subject"));
        Instant date = null;
        try {
            if (mime.getSentDate() != null) date = mime.getSentDate().toInstant();
        } catch (MessagingException | RuntimeException e) {
            r.problems.add("unreadable Date header");
        }

        try {
            walk(mime, 0, r);
        } catch (RuntimeException e) {
            r.problems.add("part of the mail could not be read: " + e);
        }
        String html = r.html.isEmpty() ? null : HtmlText.sanitize(r.html.toString());
        String text = r.text.toString().strip();
        if (text.isEmpty() && !r.html.isEmpty()) text = HtmlText.toText(r.html.toString());
        if (text.isEmpty() && r.attachments.isEmpty()) text = "(empty mail)";
        else if (text.isEmpty()) text = "(attachments only)";
        text = clean(text);

        boolean bounce = r.report
                || "<>".equals(strip(header(mime, "Return-Path")))
                || (from != null && DAEMON.matcher(from.getAddress()).find());
        String autoSubmitted = lower(header(mime, "Auto-Submitted"));
        String precedence = lower(header(mime, "Precedence"));
        boolean autoReply = !bounce
                && ((autoSubmitted != null && !autoSubmitted.startsWith("no"))
                        || header(mime, "X-Autoreply") != null
                        || header(mime, "X-Autorespond") != null
                        || "auto_reply".equals(precedence)
                        || (subject != null
                                && AUTO_SUBJECT.matcher(subject.strip()).matches()));
        boolean listMail = precedence != null && List.of("bulk", "list", "junk").contains(precedence)
                || header(mime, "List-Id") != null
                || header(mime, "List-Unsubscribe") != null;

        ParsedMail.Forward forward = r.forwarded != null ? r.forwarded : Forwards.inline(text);
        return new ParsedMail(
                messageId,
                inReplyTo,
                references,
                from == null ? null : from.getAddress().toLowerCase(Locale.ROOT),
                from == null ? null : clean(from.getPersonal()),
                replyTo == null ? null : replyTo.getAddress().toLowerCase(Locale.ROOT),
                subject == null ? null : clean(subject),
                date,
                text,
                html == null ? null : clean(html),
                Quotes.start(text),
                List.copyOf(r.attachments),
                autoReply,
                bounce,
                listMail && !bounce,
                forward,
                clean(headers(mime)),
                contentSha,
                raw.length,
                List.copyOf(r.problems));
    }

    /** What one walk through the parts collects. */
    private static final class Reading {
        final StringBuilder text = new StringBuilder();
        final StringBuilder html = new StringBuilder();
        final List<ParsedMail.Attachment> attachments = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        long kept;
        int parts;
        boolean report;
        ParsedMail.Forward forwarded;
    }

    private void walk(Part part, int depth, Reading r) {
        if (++r.parts > MAX_PARTS) {
            if (r.parts == MAX_PARTS + 1) r.problems.add("more than " + MAX_PARTS + " parts; the rest were skipped");
            return;
        }
        if (depth > MAX_DEPTH) {
            r.problems.add("parts nested deeper than " + MAX_DEPTH + " were skipped");
            return;
        }
        ContentType type = contentType(part);
        String base = type.getBaseType().toLowerCase(Locale.ROOT);
        String disposition = disposition(part);
        String fileName = fileName(part, type);
        boolean attachment = "attachment".equals(disposition) || (fileName != null && !base.startsWith("multipart/"));
        try {
            if (base.startsWith("multipart/")) {
                if (base.equals("multipart/report")) r.report = true;
                Multipart multi = multipart(part, r);
                if (multi == null) return;
                int count = multi.getCount();
                if (base.equals("multipart/alternative")) {
                    alternative(multi, count, depth, r);
                    return;
                }
                for (int i = 0; i < count; i++) {
                    try {
                        walk(multi.getBodyPart(i), depth + 1, r);
                    } catch (MessagingException | RuntimeException e) {
                        r.problems.add("part " + (i + 1) + " could not be read: " + e.getMessage());
                    }
                }
            } else if (!attachment && base.equals("text/plain")) {
                append(r.text, decode(bytes(part, limits.maxMailBytes(), r), type.getParameter("charset"), r));
            } else if (!attachment && base.equals("text/html")) {
                r.html.append(decode(bytes(part, limits.maxMailBytes(), r), type.getParameter("charset"), r));
            } else if (base.equals("message/rfc822") || base.equals("message/global")) {
                byte[] inner = bytes(part, limits.maxAttachmentBytes(), r);
                keep(r, fileName == null ? "forwarded.eml" : fileName, "message/rfc822", part, false, inner);
                if (r.forwarded == null && depth < MAX_DEPTH) forwardOf(inner, r);
            } else if (!attachment && (base.equals("message/delivery-status") || base.equals("text/rfc822-headers"))) {
                String report = decode(bytes(part, limits.maxMailBytes(), r), "utf-8", r);
                append(r.text, report);
            } else {
                boolean inline = "inline".equals(disposition) || contentId(part) != null;
                byte[] content = bytes(part, limits.maxAttachmentBytes(), r);
                String name = fileName != null ? fileName : "part-" + (r.attachments.size() + 1) + extension(base);
                keep(r, name, base, part, inline && base.startsWith("image/"), content);
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            r.problems.add("a " + base + " part could not be read: " + e.getMessage());
        }
    }

    /** Of alternative versions, the plain text gives the text and the HTML the HTML; others are walked. */
    private void alternative(Multipart multi, int count, int depth, Reading r) throws MessagingException {
        int textAt = -1, htmlAt = -1;
        for (int i = 0; i < count; i++) {
            String t = contentType(multi.getBodyPart(i)).getBaseType().toLowerCase(Locale.ROOT);
            if (t.equals("text/plain") && textAt < 0) textAt = i;
            else if (t.equals("text/html") && htmlAt < 0) htmlAt = i;
            else if (t.startsWith("multipart/") && htmlAt < 0) htmlAt = i; // related: HTML with inline images
        }
        if (textAt < 0 && htmlAt < 0 && count > 0) textAt = count - 1;
        Reading textOnly = r;
        if (textAt >= 0) walk(multi.getBodyPart(textAt), depth + 1, textOnly);
        if (htmlAt >= 0) {
            // The HTML version's text is not wanted when a text version exists; its HTML and images are.
            int before = r.text.length();
            walk(multi.getBodyPart(htmlAt), depth + 1, r);
            if (textAt >= 0) r.text.setLength(before);
        }
    }

    private Multipart multipart(Part part, Reading r) {
        try {
            Object content = part.getContent();
            if (content instanceof Multipart multi) {
                multi.getCount(); // parses now, so a broken boundary shows here
                return multi;
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            r.problems.add("broken multipart (" + e.getMessage() + "); kept as text");
        }
        // A multipart whose boundary cannot be found: its raw body is what the sender wrote, so keep it as text.
        try (InputStream in = rawStream(part)) {
            append(r.text, decode(readAtMost(in, limits.maxMailBytes()), null, r));
        } catch (MessagingException | IOException | RuntimeException e) {
            r.problems.add("unreadable body: " + e.getMessage());
        }
        return null;
    }

    private static InputStream rawStream(Part part) throws MessagingException, IOException {
        if (part instanceof MimeMessage m) return m.getRawInputStream();
        if (part instanceof jakarta.mail.internet.MimeBodyPart b) return b.getRawInputStream();
        return part.getInputStream();
    }

    private void forwardOf(byte[] inner, Reading r) {
        try {
            MimeMessage original = new MimeMessage(SESSION, new ByteArrayInputStream(inner));
            InternetAddress from = address(original, "From", r);
            if (from == null) return;
            r.forwarded = new ParsedMail.Forward(
                    from.getAddress().toLowerCase(Locale.ROOT),
                    clean(from.getPersonal()),
                    clean(decodeHeader(header(original, "Subject"))),
                    firstId(header(original, "Message-ID")));
        } catch (MessagingException | RuntimeException e) {
            r.problems.add("the forwarded mail could not be read: " + e.getMessage());
        }
    }

    private void keep(Reading r, String name, String type, Part part, boolean inline, byte[] content) {
        String refused = null;
        byte[] kept = content;
        long size = content == null ? -1 : content.length;
        if (content == null) {
            refused = "larger than " + limits.maxAttachmentBytes() / (1024 * 1024) + " MB";
        } else if (r.kept + content.length > limits.maxMailBytes()) {
            refused = "the mail's attachments together exceed " + limits.maxMailBytes() / (1024 * 1024) + " MB";
            kept = null;
        }
        if (kept != null) r.kept += kept.length;
        r.attachments.add(new ParsedMail.Attachment(
                clean(name),
                type,
                contentId(part),
                inline,
                Math.max(size, 0),
                kept == null ? null : sha256(kept, 0, kept.length),
                kept,
                refused));
        if (refused != null) r.problems.add("attachment " + name + " not kept: " + refused);
    }

    /** The decoded content, or null when it is larger than {@code max} (then only its size is known). */
    private static byte[] bytes(Part part, long max, Reading r) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            byte[] read = readAtMost(in, max + 1);
            return read.length > max ? null : read;
        } catch (IOException e) {
            // A broken base64 or quoted-printable body: the raw bytes are the best there is.
            r.problems.add("content encoding could not be decoded: " + e.getMessage());
            try (InputStream raw = rawStream(part)) {
                byte[] read = readAtMost(raw, max + 1);
                return read.length > max ? null : read;
            }
        }
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while (total < max && (n = in.read(buffer, 0, (int) Math.min(buffer.length, max - total))) > 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return out.toByteArray();
    }

    /**
     * Text in the charset the part names. Labels lie: ISO-8859-1 mails are often Windows-1252 (its
     * superset, as browsers read it), and "UTF-8" text that is not valid UTF-8 is read as Windows-1252.
     */
    static String decode(byte[] bytes, String label, Object problems) {
        if (bytes == null) return "(a text part larger than the limit was not kept)";
        Charset named = charset(label);
        if (named == null || named.equals(StandardCharsets.UTF_8) || named.equals(StandardCharsets.US_ASCII)) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                if (problems instanceof Reading r && label != null)
                    r.problems.add("text labelled " + label + " was not valid; read as Windows-1252");
                return new String(bytes, WINDOWS_1252);
            }
        }
        if (named.equals(StandardCharsets.ISO_8859_1)) named = WINDOWS_1252;
        return new String(bytes, named);
    }

    private static Charset charset(String label) {
        if (label == null || label.isBlank()) return null;
        try {
            return Charset.forName(MimeUtility.javaCharset(label.strip().replace("\"", "")));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void append(StringBuilder to, String text) {
        if (text == null || text.isBlank()) return;
        if (!to.isEmpty()) to.append("\n\n");
        to.append(text.replace("\r\n", "\n").replace('\r', '\n'));
    }

    private static ContentType contentType(Part part) {
        try {
            String value = part.getContentType();
            if (value != null) return new ContentType(value);
        } catch (MessagingException | RuntimeException e) {
            // an unreadable Content-Type is plain text by the MIME rules
        }
        return new ContentType("text", "plain", null);
    }

    private static String disposition(Part part) {
        try {
            String d = part.getDisposition();
            return d == null ? null : d.toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String fileName(Part part, ContentType type) {
        try {
            String name = part.getFileName();
            if (name == null) name = type.getParameter("name");
            if (name == null || name.isBlank()) return null;
            name = decodeHeader(name);
            // Only the last path element: a name is never a path on anyone's disk.
            name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                    .strip();
            if (name.length() > 200) name = name.substring(name.length() - 200);
            return name.isBlank() ? null : name;
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String contentId(Part part) {
        try {
            String[] id = part.getHeader("Content-ID");
            return id == null || id.length == 0 ? null : firstId(id[0]) != null ? firstId(id[0]) : strip(id[0]);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String extension(String type) {
        int slash = type.indexOf('/');
        String sub = slash < 0 ? "bin" : type.substring(slash + 1).replaceAll("[^a-z0-9]", "");
        return "." + (sub.isEmpty() || sub.length() > 10 ? "bin" : sub);
    }

    static String header(Part part, String name) {
        try {
            String[] values = part.getHeader(name);
            return values == null || values.length == 0 ? null : values[0];
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static InternetAddress address(MimeMessage mime, String name, Reading r) {
        String value = header(mime, name);
        if (value == null || value.isBlank()) return null;
        try {
            Address[] parsed = InternetAddress.parseHeader(value, false);
            for (Address a : parsed) {
                if (a instanceof InternetAddress ia
                        && ia.getAddress() != null
                        && ia.getAddress().contains("@")) {
                    String personal = ia.getPersonal();
                    return new InternetAddress(ia.getAddress().strip(), personal == null ? null : personal.strip());
                }
            }
        } catch (AddressException | java.io.UnsupportedEncodingException | RuntimeException e) {
            // fall through to the plain search below
        }
        Matcher m = Forwards.ADDRESS.matcher(decodeHeader(value));
        if (m.find()) {
            try {
                return new InternetAddress(m.group(), null);
            } catch (java.io.UnsupportedEncodingException e) {
                return null;
            }
        }
        r.problems.add("unreadable " + name + " header");
        return null;
    }

    /** RFC 2047 encoded-words decoded; an unknown charset leaves the header as it came. */
    static String decodeHeader(String value) {
        if (value == null) return null;
        String unfolded = value.replaceAll("\r?\n[ \t]", " ").strip();
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
            return unfolded;
        }
    }

    static String firstId(String value) {
        List<String> ids = ids(value);
        if (!ids.isEmpty()) return ids.get(0);
        String bare = strip(value);
        return bare == null || bare.isEmpty() || bare.length() > 900 || bare.contains(" ") ? null : bare;
    }

    static List<String> ids(String value) {
        if (value == null) return List.of();
        List<String> ids = new ArrayList<>();
        Matcher m = ANGLE_ID.matcher(value);
        while (m.find() && ids.size() < 100) ids.add(m.group(1));
        return ids;
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    private static String lower(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String headers(MimeMessage mime) {
        StringBuilder all = new StringBuilder();
        try {
            Enumeration<Header> headers = mime.getAllHeaders();
            while (headers.hasMoreElements() && all.length() < MAX_HEADERS_CHARS) {
                Header h = headers.nextElement();
                all.append(h.getName()).append(": ").append(h.getValue()).append('\n');
            }
        } catch (MessagingException | RuntimeException e) {
            all.append("(headers could not be read)");
        }
        return all.length() > MAX_HEADERS_CHARS ? all.substring(0, MAX_HEADERS_CHARS) : all.toString();
    }

    private static String headerBlock(byte[] raw, int bodyStart) {
        return new String(raw, 0, Math.min(bodyStart, MAX_HEADERS_CHARS), StandardCharsets.ISO_8859_1);
    }

    /** Where the body begins: after the first empty line (CRLF CRLF or LF LF), or the end. */
    static int bodyStart(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '\n') return i + 2;
            if (raw[i] == '\n' && raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n') return i + 3;
        }
        return raw.length;
    }

    /** Text PostgreSQL can store: NUL characters and lone surrogates replaced. */
    /** A mail that could not be read as MIME: only its bytes as text (and the header block, when found). */
    static ParsedMail unreadable(String text, String headers, String contentSha, int size, List<String> problems) {
        return new ParsedMail(
                null,
                List.of(),
                List.of(),
                null,
                null,
                null,
                null,
                null,
                text.isBlank() ? "(empty mail)" : text,
                null,
                -1,
                List.of(),
                false,
                false,
                false,
                null,
                headers,
                contentSha,
                size,
                List.copyOf(problems));
    }

    static String clean(String text) {
        return text == null ? null : StorableText.repair(text);
    }

    static String sha256(byte[] bytes, int from, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, from, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return sha256(bytes, 0, bytes.length);
    }
}
