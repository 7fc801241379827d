package fi.mokadesk.channel.email;

import fi.mokadesk.conversation.MessageExtras;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A mail's attachments and HTML version (under {@code /email/…} for the browser, {@code /api/v1/email/…} for
 * API tokens), for signed-in staff of the workspace only (row-level security
 * keeps other workspaces' files out of reach). Files are always downloads, except images of the common
 * raster formats, which may be shown; SVG is a download too, as it can carry script. The HTML version is
 * the sanitised HTML under a sandboxing Content-Security-Policy. Also tells the conversation page which
 * messages have attachments, quoted history and marks ({@link MessageExtras}).
 */
@Controller
class EmailFiles implements MessageExtras {

    private static final Set<String> SHOWN_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private final JdbcClient jdbc;

    EmailFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping({"/email/attachments/{id}", "/api/v1/email/attachments/{id}"})
    ResponseEntity<byte[]> attachment(@PathVariable UUID id) {
        Access.require(Role.VIEWER);
        record File(String name, String type, byte[] content) {}
        File file = jdbc.sql("select file_name, content_type, content from email_attachment where id = ?")
                .param(id)
                .query((rs, i) -> new File(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .optional()
                .orElseThrow(() -> new NotFound("no such attachment"));
        if (file.content() == null) throw new NotFound("the attachment was not kept (over the size limit)");
        boolean shown = SHOWN_IMAGES.contains(file.type());
        return ResponseEntity.ok()
                .contentType(shown ? MediaType.parseMediaType(file.type()) : MediaType.APPLICATION_OCTET_STREAM)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        (shown ? ContentDisposition.inline() : ContentDisposition.attachment())
                                .filename(file.name(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                .body(file.content());
    }

    @GetMapping({"/email/messages/{messageId}/html", "/api/v1/email/messages/{messageId}/html"})
    ResponseEntity<String> html(@PathVariable UUID messageId) {
        Access.require(Role.VIEWER);
        record Mail(UUID id, String html) {}
        Mail mail = jdbc.sql("select id, html_body from email_mail where message_id = ? and html_body is not null")
                .param(messageId)
                .query((rs, i) -> new Mail(rs.getObject(1, UUID.class), rs.getString(2)))
                .optional()
                .orElseThrow(() -> new NotFound("this message has no HTML version"));
        Map<String, UUID> images = new HashMap<>();
        jdbc.sql("select content_id, id from email_attachment where mail_id = ? and content_id is not null")
                .param(mail.id())
                .query(rs -> {
                    images.put(rs.getString(1), rs.getObject(2, UUID.class));
                });
        Document page = Jsoup.parse(mail.html());
        for (Element img : page.select("img[src^=cid:]")) {
            UUID image = images.get(img.attr("src").substring(4));
            if (image != null) img.attr("src", "/email/attachments/" + image);
            else img.removeAttr("src");
        }
        page.head().appendElement("meta").attr("charset", "utf-8");
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header("X-Content-Type-Options", "nosniff")
                .header(
                        "Content-Security-Policy",
                        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(page.outerHtml());
    }

    @Override
    public Map<UUID, Extra> of(Collection<UUID> messageIds) {
        Map<UUID, Extra> result = new HashMap<>();
        if (messageIds.isEmpty()) return result;
        UUID[] ids = messageIds.toArray(UUID[]::new);
        Map<UUID, List<Attachment>> files = new HashMap<>();
        jdbc.sql("""
                        select message_id, id, file_name, content_type, size_bytes, content is not null, refused_reason
                          from email_attachment where message_id = any(?) order by message_id, position
                        """).param(ids).query(rs -> {
            boolean kept = rs.getBoolean(6);
            String type = rs.getString(4);
            files.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                    .add(new Attachment(
                            rs.getString(3),
                            type,
                            rs.getLong(5),
                            kept ? "/email/attachments/" + rs.getObject(2, UUID.class) : null,
                            SHOWN_IMAGES.contains(type),
                            rs.getString(7)));
        });
        jdbc.sql("""
                        select message_id, auto_reply, bounce, list_mail, forwarded_by is not null,
                               problems is not null and problems like '%larger than the limit%',
                               html_body is not null, quoted_from
                          from email_mail where message_id = any(?)
                        """).param(ids).query(rs -> {
            UUID id = rs.getObject(1, UUID.class);
            List<String> marks = new ArrayList<>();
            if (rs.getBoolean(2)) marks.add("auto-reply");
            if (rs.getBoolean(3)) marks.add("bounce");
            if (rs.getBoolean(4)) marks.add("list");
            if (rs.getBoolean(5)) marks.add("forwarded");
            if (rs.getBoolean(6)) marks.add("truncated");
            Integer quoted = rs.getObject(8, Integer.class);
            result.put(
                    id,
                    new Extra(
                            files.getOrDefault(id, List.of()),
                            quoted == null ? -1 : quoted,
                            marks,
                            rs.getBoolean(7) ? "/email/messages/" + id + "/html" : null));
        });
        return result;
    }
}
