package fi.mokadesk.channel.whatsapp;

import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A kept WhatsApp media file for signed-in staff of its workspace, always as a download (never shown inline:
 * a customer's file must not run as a page of the desk).
 */
@Controller
class WhatsAppFiles {

    private final JdbcClient jdbc;

    WhatsAppFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record File(String name, String kind, byte[] content) {}

    @GetMapping("/whatsapp/media/{id}")
    ResponseEntity<byte[]> file(@PathVariable UUID id) {
        Access.require(Role.VIEWER);
        File file = jdbc.sql("select file_name, kind, content from meta_media where id = ? and content is not null")
                .param(id)
                .query((rs, i) -> new File(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .optional()
                .orElseThrow(() -> new NotFound("no such file"));
        String name = file.name() != null ? file.name().replaceAll("[\\r\\n\"\\\\/]", "_") : file.kind() + "-" + id;
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(name, java.nio.charset.StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(file.content());
    }
}
