package fi.mokadesk.channel.meta;

import fi.mokadesk.database.Tenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code meta_item} table: each comment, private message and sent message of the Meta channels with its
 * state on the platform, in the current workspace. Every write is an upsert, so the same event twice changes
 * nothing, and every state carries the platform time of the event that set it, so an older event arriving
 * late (a hide before its unhide, an edit before the comment itself) never overrides a newer one.
 */
@Component
public class MetaItems {

    /** One row. */
    public record Item(
            UUID channelId,
            String platformId,
            String kind,
            String threadId,
            String parentId,
            String authorId,
            String authorName,
            String text,
            String permalink,
            OffsetDateTime eventAt,
            UUID messageId,
            UUID conversationId,
            boolean hidden,
            OffsetDateTime removedAt,
            String editedText,
            UUID privateReplyId,
            UUID linkedConversationId,
            String status,
            String statusError,
            String platformRef,
            OffsetDateTime postTriedAt) {}

    private final JdbcClient jdbc;

    MetaItems(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records what an event tells of a platform object; fields already known are kept (the first full
     * description wins, later events only fill gaps).
     */
    public void describe(
            UUID channel,
            String platformId,
            String kind,
            String thread,
            String parent,
            String authorId,
            String authorName,
            String text,
            String permalink,
            Instant eventAt) {
        jdbc.sql("""
                        insert into meta_item (workspace_id, channel_id, platform_id, kind, thread_id, parent_id,
                                               author_id, author_name, text, permalink, event_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (workspace_id, channel_id, platform_id) do update
                           set thread_id = coalesce(meta_item.thread_id, excluded.thread_id),
                               parent_id = coalesce(meta_item.parent_id, excluded.parent_id),
                               author_id = coalesce(meta_item.author_id, excluded.author_id),
                               author_name = coalesce(meta_item.author_name, excluded.author_name),
                               text = coalesce(meta_item.text, excluded.text),
                               permalink = coalesce(meta_item.permalink, excluded.permalink),
                               event_at = coalesce(meta_item.event_at, excluded.event_at)
                        """)
                .params(
                        Tenant.require(),
                        channel,
                        platformId,
                        kind,
                        thread,
                        parent,
                        authorId,
                        authorName,
                        text,
                        permalink,
                        eventAt == null ? null : Timestamp.from(eventAt))
                .update();
    }

    /** The desk's message (and its conversation) for a platform object. */
    public void attach(UUID channel, String platformId, UUID messageId, UUID conversationId) {
        jdbc.sql("""
                        update meta_item set message_id = ?, conversation_id = ?
                         where channel_id = ? and platform_id = ? and message_id is null
                        """).params(messageId, conversationId, channel, platformId).update();
    }

    /** The desk's message (and its conversation) for a platform object of a channel. */
    public record Attachment(UUID channel, String platformId, UUID messageId, UUID conversationId) {}

    /** {@link #attach} for many platform objects in one statement. */
    public void attachAll(List<Attachment> attachments) {
        if (attachments.isEmpty()) return;
        jdbc.sql("""
                        update meta_item m set message_id = a.message_id, conversation_id = a.conversation_id
                          from unnest(?::uuid[], ?::text[], ?::uuid[], ?::uuid[])
                               as a (channel_id, platform_id, message_id, conversation_id)
                         where m.channel_id = a.channel_id and m.platform_id = a.platform_id and m.message_id is null
                        """)
                .params(
                        attachments.stream().map(Attachment::channel).toArray(UUID[]::new),
                        attachments.stream().map(Attachment::platformId).toArray(String[]::new),
                        attachments.stream().map(Attachment::messageId).toArray(UUID[]::new),
                        attachments.stream().map(Attachment::conversationId).toArray(UUID[]::new))
                .update();
    }

    /** Hidden or shown on the platform, by an event at {@code ms}; an older event than the last one is ignored. */
    public void hidden(UUID channel, String platformId, String kind, boolean hidden, long ms) {
        jdbc.sql("""
                        insert into meta_item (workspace_id, channel_id, platform_id, kind, hidden, hidden_changed_ms)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (workspace_id, channel_id, platform_id) do update
                           set hidden = excluded.hidden, hidden_changed_ms = excluded.hidden_changed_ms
                         where meta_item.hidden_changed_ms <= excluded.hidden_changed_ms
                        """)
                .params(Tenant.require(), channel, platformId, kind, hidden, ms)
                .update();
    }

    /** Removed on the platform by its author; kept here with the time. */
    public void removed(UUID channel, String platformId, String kind, Instant at) {
        jdbc.sql("""
                        insert into meta_item (workspace_id, channel_id, platform_id, kind, removed_at)
                        values (?, ?, ?, ?, ?)
                        on conflict (workspace_id, channel_id, platform_id) do update
                           set removed_at = coalesce(meta_item.removed_at, excluded.removed_at)
                        """)
                .params(Tenant.require(), channel, platformId, kind, Timestamp.from(at))
                .update();
    }

    /** Edited on the platform; the newest edit's text is kept beside the text the desk first received. */
    public void edited(UUID channel, String platformId, String kind, String text, long ms) {
        jdbc.sql("""
                        insert into meta_item (workspace_id, channel_id, platform_id, kind, edited_text, edited_ms)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (workspace_id, channel_id, platform_id) do update
                           set edited_text = excluded.edited_text, edited_ms = excluded.edited_ms
                         where meta_item.edited_ms < excluded.edited_ms
                        """)
                .params(Tenant.require(), channel, platformId, kind, text, ms)
                .update();
    }

    public Optional<Item> find(UUID channel, String platformId) {
        return jdbc.sql("select * from meta_item where channel_id = ? and platform_id = ?")
                .params(channel, platformId)
                .query(MetaItems::item)
                .optional();
    }

    /** The platform objects behind these desk messages (the sent ones by their reply's message id). */
    public List<Item> ofMessages(UUID[] messageIds) {
        return jdbc.sql("select * from meta_item where message_id = any(?)")
                .param(messageIds)
                .query(MetaItems::item)
                .list();
    }

    public Optional<Item> byMessage(UUID messageId) {
        return jdbc.sql("select * from meta_item where message_id = ? order by created_at limit 1")
                .param(messageId)
                .query(MetaItems::item)
                .optional();
    }

    /** The channel a conversation's platform objects came through. */
    public Optional<UUID> channelOf(UUID conversationId) {
        return jdbc.sql("select channel_id from meta_item where conversation_id = ? limit 1")
                .param(conversationId)
                .query(UUID.class)
                .optional();
    }

    /** Whether a comment or message with this platform id was sent by the desk (its echo is not news). */
    public boolean ours(UUID channel, String platformRef) {
        return jdbc.sql("select exists (select 1 from meta_item where channel_id = ? and platform_ref = ?)")
                .params(channel, platformRef)
                .query(Boolean.class)
                .single();
    }

    /** A reply of the desk that is about to leave; {@code parent} is the comment it answers, if any. */
    public void outgoing(UUID channel, UUID messageId, UUID conversationId, String thread, String parent) {
        jdbc.sql("""
                        insert into meta_item (workspace_id, channel_id, platform_id, kind, thread_id, parent_id,
                                               message_id, conversation_id)
                        values (?, ?, ?, 'sent', ?, ?, ?, ?)
                        on conflict (workspace_id, channel_id, platform_id) do nothing
                        """)
                .params(Tenant.require(), channel, "out:" + messageId, thread, parent, messageId, conversationId)
                .update();
    }

    /** The platform accepted our reply under {@code ref}. */
    public void sent(UUID channel, UUID messageId, String ref) {
        jdbc.sql("""
                        insert into meta_item (workspace_id, channel_id, platform_id, kind, message_id, platform_ref,
                                               status, status_ms)
                        values (?, ?, ?, 'sent', ?, ?, 'sent', 0)
                        on conflict (workspace_id, channel_id, platform_id) do update
                           set platform_ref = excluded.platform_ref,
                               status = coalesce(meta_item.status, 'sent')
                        """)
                .params(Tenant.require(), channel, "out:" + messageId, messageId, ref)
                .update();
    }

    /**
     * The desk is about to post our public reply: committed before the call, so a later try knows the platform
     * may have it already (see {@link MetaReplies}).
     */
    public void postTried(UUID channel, UUID messageId) {
        jdbc.sql("""
                        insert into meta_item (workspace_id, channel_id, platform_id, kind, message_id, post_tried_at)
                        values (?, ?, ?, 'sent', ?, now())
                        on conflict (workspace_id, channel_id, platform_id) do update
                           set post_tried_at = now()
                        """)
                .params(Tenant.require(), channel, "out:" + messageId, messageId)
                .update();
    }

    /** The platform's word on a message we sent (delivered, read, failed); older words than the last are ignored. */
    public int status(UUID channel, String platformRef, String status, long ms, String error) {
        return jdbc.sql("""
                        update meta_item set status = ?, status_ms = ?, status_error = coalesce(?, status_error)
                         where channel_id = ? and platform_ref = ? and status_ms <= ?
                        """).params(status, ms, error, channel, platformRef, ms).update();
    }

    /** When this person last wrote privately (the reply window runs from there), if ever. */
    public Optional<Instant> lastInbound(UUID channel, String authorId) {
        List<OffsetDateTime> last = jdbc.sql("""
                        select max(event_at) from meta_item where channel_id = ? and kind = 'message' and author_id = ?
                        """)
                .params(channel, authorId)
                .query(OffsetDateTime.class)
                .list();
        return last.isEmpty() || last.get(0) == null
                ? Optional.empty()
                : Optional.of(last.get(0).toInstant());
    }

    /** Links a public comment with the private half it was moved to. */
    public void moved(UUID channel, String commentId, UUID privateReply, UUID privateConversation) {
        jdbc.sql("""
                        update meta_item set private_reply_id = ?, linked_conversation_id = ?
                         where channel_id = ? and platform_id = ?
                        """)
                .params(privateReply, privateConversation, channel, commentId)
                .update();
    }

    /** The private copy of a comment points back at the public conversation. */
    public void linkBack(UUID channel, String platformId, UUID publicConversation) {
        jdbc.sql("update meta_item set linked_conversation_id = ? where channel_id = ? and platform_id = ?")
                .params(publicConversation, channel, platformId)
                .update();
    }

    private static Item item(ResultSet rs, int i) throws SQLException {
        return new Item(
                rs.getObject("channel_id", UUID.class),
                rs.getString("platform_id"),
                rs.getString("kind"),
                rs.getString("thread_id"),
                rs.getString("parent_id"),
                rs.getString("author_id"),
                rs.getString("author_name"),
                rs.getString("text"),
                rs.getString("permalink"),
                rs.getObject("event_at", OffsetDateTime.class),
                rs.getObject("message_id", UUID.class),
                rs.getObject("conversation_id", UUID.class),
                rs.getBoolean("hidden"),
                rs.getObject("removed_at", OffsetDateTime.class),
                rs.getString("edited_text"),
                rs.getObject("private_reply_id", UUID.class),
                rs.getObject("linked_conversation_id", UUID.class),
                rs.getString("status"),
                rs.getString("status_error"),
                rs.getString("platform_ref"),
                rs.getObject("post_tried_at", OffsetDateTime.class));
    }
}
