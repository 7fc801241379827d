package fi.mokadesk.channel.whatsapp;

import fi.mokadesk.channel.meta.GraphApi;
import fi.mokadesk.channel.meta.MetaRoutes;
import fi.mokadesk.channel.meta.MetaSettings;
import fi.mokadesk.database.Tenant;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Downloads a WhatsApp message's media through the Graph API ({@code GET /{media-id}} for the address, then
 * the file with the channel's token) and keeps it with its SHA-256, checked against Meta's. Files over the
 * limit, and files whose hash does not match, are listed with a note and their content is not kept. Once
 * per media id: a repeated event does not download again.
 */
@Component
class WhatsAppMedia {

    static final Set<String> KINDS = Set.of("image", "video", "document", "audio", "sticker");
    private static final Logger log = LoggerFactory.getLogger(WhatsAppMedia.class);

    private final GraphApi graph;
    private final JdbcClient jdbc;
    private final long maxBytes;

    WhatsAppMedia(
            GraphApi graph, JdbcClient jdbc, @Value("${mokadesk.whatsapp.max-media-bytes:16777216}") long maxBytes) {
        this.graph = graph;
        this.jdbc = jdbc;
        this.maxBytes = maxBytes;
    }

    void fetch(MetaRoutes.Route route, String platformId, String kind, JsonNode file) {
        String mediaId = file.path("id").asString();
        boolean known = jdbc.sql("select exists (select 1 from meta_media where channel_id = ? and media_id = ?)")
                .params(route.channelId(), mediaId)
                .query(Boolean.class)
                .single();
        if (known) return;
        String token = route.setting("accessToken");
        String mime = file.path("mime_type").asString(null);
        String name = file.path("filename").asString(null);
        String expected = file.path("sha256").asString(null);
        GraphApi.Answer info = graph.get(MetaSettings.graph(route.settings()) + mediaId, token);
        byte[] content = null;
        String note = null;
        Long size = null;
        String sha = null;
        if (!info.ok()) {
            note = "not downloaded: " + info.message();
        } else {
            size = info.body().path("file_size").isMissingNode()
                    ? null
                    : info.body().path("file_size").asLong();
            if (expected == null) expected = info.body().path("sha256").asString(null);
            if (mime == null) mime = info.body().path("mime_type").asString(null);
            String url = info.body().path("url").asString(null);
            if (size != null && size > maxBytes) {
                note = "larger than " + maxBytes + " bytes; not kept";
            } else if (url == null) {
                note = "Meta gave no download address";
            } else {
                String[] why = new String[1];
                byte[] bytes = graph.download(url, token, maxBytes, why);
                if (bytes == null) {
                    note = "not downloaded: " + why[0];
                } else {
                    sha = sha256(bytes);
                    size = (long) bytes.length;
                    if (expected != null && !matches(expected, bytes, sha)) {
                        note = "hash does not match Meta's; not kept";
                    } else {
                        content = bytes;
                    }
                }
            }
        }
        if (note != null) log.info("WhatsApp media {} of message {}: {}", mediaId, platformId, note);
        jdbc.sql("""
                        insert into meta_media (workspace_id, channel_id, platform_id, media_id, kind, file_name,
                                                mime_type, size, sha256, content, note)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (workspace_id, channel_id, media_id) do nothing
                        """)
                .params(
                        Tenant.require(),
                        route.channelId(),
                        platformId,
                        mediaId,
                        kind,
                        name,
                        mime,
                        size,
                        sha,
                        content,
                        note)
                .update();
    }

    /** Meta gives the hash as hex in some places and base64 in others. */
    private static boolean matches(String expected, byte[] bytes, String hex) {
        if (expected.equalsIgnoreCase(hex)) return true;
        try {
            return MessageDigest.isEqual(
                    Base64.getDecoder().decode(expected), HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
