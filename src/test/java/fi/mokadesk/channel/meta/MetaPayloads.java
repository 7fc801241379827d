package fi.mokadesk.channel.meta;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook bodies shaped like the examples in Meta's documentation (Pages {@code feed} comment changes,
 * Messenger {@code messaging}, Instagram {@code comments} and messaging, WhatsApp Cloud API {@code messages}
 * and {@code statuses}), and their {@code X-Hub-Signature-256}.
 */
final class MetaPayloads {

    private MetaPayloads() {}

    static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A feed comment change: {@code from{id,name}}, the post with its permalink, the verb. */
    static String comment(
            String pageId,
            long entryTime,
            String verb,
            String postId,
            String commentId,
            String parentId,
            String fromId,
            String fromName,
            String message,
            long createdTime) {
        return """
                {"object":"page","entry":[{"id":"%s","time":%d,"changes":[{"field":"feed","value":{
                  "from":{"id":"%s","name":"%s"},
                  "post":{"status_type":"added_photos","is_published":true,"updated_time":"2026-12-04T10:00:00+0000",
                          "permalink_url":"https://www.facebook.com/%s/posts/%s","promotion_status":"inactive","id":"%s"},
                  %s
                  "post_id":"%s","comment_id":"%s","created_time":%d,"item":"comment","parent_id":"%s","verb":"%s"}}]}]}
                """.formatted(
                        pageId,
                        entryTime,
                        fromId,
                        fromName,
                        pageId,
                        postId,
                        postId,
                        message == null ? "" : "\"message\":\"" + message + "\",",
                        postId,
                        commentId,
                        createdTime,
                        parentId,
                        verb);
    }

    /** An older comment change with {@code sender_id}/{@code sender_name} instead of {@code from}. */
    static String legacyComment(
            String pageId,
            long entryTime,
            String postId,
            String commentId,
            String senderId,
            String senderName,
            String message) {
        return """
                {"object":"page","entry":[{"id":"%s","time":%d,"changes":[{"field":"feed","value":{
                  "item":"comment","verb":"add","sender_id":%s,"sender_name":"%s","message":"%s",
                  "post_id":"%s","comment_id":"%s","parent_id":"%s","created_time":%d}}]}]}
                """.formatted(pageId, entryTime, senderId, senderName, message, postId, commentId, postId, entryTime);
    }

    /** A Messenger text message (or the Page's echo of one). */
    static String messenger(String pageId, String psid, String mid, String text, long timestampMs, boolean echo) {
        String sender = echo ? pageId : psid;
        String recipient = echo ? psid : pageId;
        return """
                {"object":"page","entry":[{"id":"%s","time":%d,"messaging":[{
                  "sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":%d,
                  "message":{%s"mid":"%s","text":"%s"}}]}]}
                """.formatted(
                        pageId,
                        timestampMs,
                        sender,
                        recipient,
                        timestampMs,
                        echo ? "\"is_echo\":true,\"app_id\":1517776481860111," : "",
                        mid,
                        text);
    }

    /** A Messenger message with an image attachment. */
    static String messengerImage(String pageId, String psid, String mid, String url, long timestampMs) {
        return """
                {"object":"page","entry":[{"id":"%s","time":%d,"messaging":[{
                  "sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":%d,
                  "message":{"mid":"%s","attachments":[{"type":"image","payload":{"url":"%s"}}]}}]}]}
                """.formatted(pageId, timestampMs, psid, pageId, timestampMs, mid, url);
    }

    /** An Instagram comment change. */
    static String instagramComment(
            String igId, long time, String commentId, String fromId, String username, String mediaId, String text) {
        return """
                {"object":"instagram","entry":[{"id":"%s","time":%d,"changes":[{"field":"comments","value":{
                  "id":"%s","from":{"id":"%s","username":"%s"},"text":"%s",
                  "media":{"id":"%s","media_product_type":"FEED"}}}]}]}
                """.formatted(igId, time, commentId, fromId, username, text, mediaId);
    }

    /** An Instagram direct message. */
    static String instagramMessage(String igId, String igsid, String mid, String text, long timestampMs) {
        return """
                {"object":"instagram","entry":[{"id":"%s","time":%d,"messaging":[{
                  "sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":%d,
                  "message":{"mid":"%s","text":"%s"}}]}]}
                """.formatted(igId, timestampMs, igsid, igId, timestampMs, mid, text);
    }

    /** A WhatsApp text message with the sender's profile name. */
    static String whatsappText(
            String wabaId, String phoneNumberId, String waId, String name, String wamid, String text, long ts) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"value":{
                  "messaging_product":"whatsapp",
                  "metadata":{"display_phone_number":"358401234567","phone_number_id":"%s"},
                  "contacts":[{"profile":{"name":"%s"},"wa_id":"%s"}],
                  "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]},
                  "field":"messages"}]}]}
                """.formatted(wabaId, phoneNumberId, name, waId, waId, wamid, ts, text);
    }

    /** A WhatsApp image message. */
    static String whatsappImage(
            String wabaId,
            String phoneNumberId,
            String waId,
            String name,
            String wamid,
            String mediaId,
            String sha256,
            long ts) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"value":{
                  "messaging_product":"whatsapp",
                  "metadata":{"display_phone_number":"358401234567","phone_number_id":"%s"},
                  "contacts":[{"profile":{"name":"%s"},"wa_id":"%s"}],
                  "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"image",
                               "image":{"caption":"Rikki","mime_type":"image/jpeg","sha256":"%s","id":"%s"}}]},
                  "field":"messages"}]}]}
                """.formatted(wabaId, phoneNumberId, name, waId, waId, wamid, ts, sha256, mediaId);
    }

    /** A WhatsApp status of a message we sent. */
    static String whatsappStatus(
            String wabaId, String phoneNumberId, String wamid, String waId, String status, long ts) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"value":{
                  "messaging_product":"whatsapp",
                  "metadata":{"display_phone_number":"358401234567","phone_number_id":"%s"},
                  "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"%s"}]},
                  "field":"messages"}]}]}
                """.formatted(wabaId, phoneNumberId, wamid, status, ts, waId);
    }
}
