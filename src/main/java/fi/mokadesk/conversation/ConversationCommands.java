package fi.mokadesk.conversation;

import fi.mokadesk.conversation.Views.Change;
import fi.mokadesk.conversation.Views.ConversationSummary;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The changes agents and analysis make to conversations. Each runs in the caller's transaction (the facade's
 * {@code @Transactional}) and publishes its events there.
 */
@Component
class ConversationCommands {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Inbox inbox;

    ConversationCommands(JdbcClient jdbc, ApplicationEventPublisher events, Inbox inbox) {
        this.jdbc = jdbc;
        this.events = events;
        this.inbox = inbox;
    }

    /** A reply to the customer (leaves through the conversation's channel) or an internal note. */
    UUID write(UUID conversationId, String text, boolean note) {
        Access access = Access.require(Role.AGENT);
        String body = Ingest.requireText(text);
        Map<String, Object> conv = jdbc
                .sql("select channel, thread_key, is_public from conversation where id = ?")
                .param(conversationId)
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFound("no such conversation"));
        String channel = (String) conv.get("channel");
        UUID id = jdbc.sql("""
                        insert into message (workspace_id, conversation_id, kind, channel, author_name, author_user_id,
                                             body, is_public, received_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, now())
                        returning id
                        """)
                .params(
                        access.workspaceId(),
                        conversationId,
                        note ? "note" : "outbound",
                        channel,
                        access.actor().name(),
                        access.userId(),
                        body,
                        !note && (Boolean) conv.get("is_public"))
                .query(UUID.class)
                .single();
        jdbc.sql("""
                        update conversation set message_count = message_count + 1,
                               last_message_at = greatest(last_message_at, now()),
                               last_preview = case when ? then last_preview else ? end,
                               search_doc = search_doc_append(search_doc, ?)
                         where id = ?
                        """).params(note, Ingest.preview(body), body, conversationId).update();
        events.publishEvent(new Audited(
                note ? "message.note" : "message.reply",
                "conversation",
                conversationId.toString(),
                null,
                Map.of("messageId", id.toString(), "text", body)));
        if (note) {
            events.publishEvent(new NoteAdded(
                    access.workspaceId(),
                    conversationId,
                    id,
                    access.userId(),
                    access.actor().name()));
        } else {
            // The customer message this reply answers, and whether an earlier reply exists, in one query.
            Map<String, Object> thread = jdbc.sql("""
                            select (select external_id from message where conversation_id = :c and kind = 'inbound'
                                     order by received_at desc, seq desc limit 1) as last_external,
                                   exists (select 1 from message where conversation_id = :c and kind = 'outbound'
                                            and id <> :reply) as replied_before
                            """)
                    .param("c", conversationId)
                    .param("reply", id)
                    .query()
                    .singleRow();
            String lastExternal = (String) thread.get("last_external");
            if (!(Boolean) thread.get("replied_before")) {
                events.publishEvent(new FirstReplySent(
                        access.workspaceId(),
                        conversationId,
                        id,
                        access.userId(),
                        access.actor().name(),
                        Instant.now()));
            }
            events.publishEvent(new ReplySent(
                    access.workspaceId(),
                    conversationId,
                    id,
                    channel,
                    (String) conv.get("thread_key"),
                    lastExternal,
                    access.actor().name(),
                    body));
        }
        events.publishEvent(new ConversationChanged(access.workspaceId(), conversationId, note ? "note" : "reply"));
        return id;
    }

    ConversationSummary change(UUID conversationId, Change change) {
        Access access = Access.require(Role.AGENT);
        ConversationSummary before = inbox.get(conversationId).conversation();
        if (change.status() != null) {
            ConversationStatus wanted = ConversationStatus.of(change.status(), "status");
            ConversationStatus from = ConversationStatus.of(before.status(), "status");
            if (wanted != from) changeStatus(access, conversationId, from, from.moveTo(wanted));
        }
        if (change.priority() != null) {
            String priority = Priority.of(change.priority(), "priority").code();
            if (!priority.equals(before.priority())) {
                jdbc.sql("update conversation set priority = ? where id = ?")
                        .params(priority, conversationId)
                        .update();
                audit("conversation.priority", conversationId, before.priority(), priority);
                events.publishEvent(new ConversationPriorityChanged(
                        access.workspaceId(),
                        conversationId,
                        Priority.of(before.priority(), "priority"),
                        Priority.of(priority, "priority"),
                        access.actor().name()));
            }
        }
        if (change.assigneeId() != null) {
            UUID assignee = switch (change.assigneeId()) {
                case "none", "" -> null;
                case "me" -> access.userId();
                default -> Inbox.uuid(change.assigneeId(), "assigneeId");
            };
            if (assignee != null && !isMember(assignee)) {
                throw new InvalidInput("assigneeId", "is not a member of this workspace");
            }
            if (!java.util.Objects.equals(assignee, before.assigneeId())) {
                jdbc.sql("update conversation set assignee_id = ? where id = ?")
                        .params(assignee, conversationId)
                        .update();
                audit("conversation.assignee", conversationId, before.assigneeId(), assignee);
                events.publishEvent(new ConversationAssigned(
                        access.workspaceId(),
                        conversationId,
                        before.assigneeId(),
                        assignee,
                        access.actor().name()));
            }
        }
        if (change.tags() != null) {
            List<String> tags = change.tags().stream()
                    .map(t -> t == null
                            ? ""
                            : StorableText.require(t, "tags").strip().toLowerCase(Locale.ROOT))
                    .filter(t -> !t.isEmpty())
                    .distinct()
                    .toList();
            if (tags.stream().anyMatch(t -> t.length() > 50) || tags.size() > 20) {
                throw new InvalidInput("tags", "allows at most 20 tags of 50 characters");
            }
            if (!tags.equals(before.tags())) {
                jdbc.sql("update conversation set tags = ? where id = ?")
                        .params(tags.toArray(String[]::new), conversationId)
                        .update();
                audit("conversation.tags", conversationId, before.tags(), tags);
            }
        }
        events.publishEvent(new ConversationChanged(access.workspaceId(), conversationId, "details"));
        return inbox.get(conversationId).conversation();
    }

    /**
     * Moves the status, guarded by the row itself: the update only happens if the status is still the one the
     * move was checked against, so two agents racing cannot make a move the rules refuse.
     */
    private void changeStatus(Access access, UUID conversationId, ConversationStatus from, ConversationStatus to) {
        int changed = jdbc.sql("update conversation set status = ? where id = ? and status = ?")
                .params(to.code(), conversationId, from.code())
                .update();
        if (changed == 0) {
            throw new IllegalTransition(from, to, "the conversation's status changed meanwhile; reload and try again");
        }
        audit("conversation.status", conversationId, from.code(), to.code());
        UUID ws = access.workspaceId();
        String by = access.actor().name();
        events.publishEvent(new ConversationStatusChanged(ws, conversationId, from, to, by));
        if (to == ConversationStatus.RESOLVED)
            events.publishEvent(new ConversationResolved(ws, conversationId, from, by));
        if (to == ConversationStatus.OPEN)
            events.publishEvent(new ConversationReopened(ws, conversationId, from, false, by));
    }

    /** Hides a message from the public view; it stays stored and visible to staff with who, when and why. */
    void hide(UUID messageId, String reason) {
        Access access = Access.require(Role.AGENT);
        String why =
                reason == null ? "" : StorableText.require(reason, "reason").strip();
        if (why.isEmpty()) throw new InvalidInput("reason", "is required");
        if (why.length() > 500) throw new InvalidInput("reason", "is longer than 500 characters");
        UUID conversation = jdbc.sql("""
                        update message set hidden_at = now(), hidden_by = ?, hidden_reason = ?
                         where id = ? and kind = 'inbound' and hidden_at is null
                        returning conversation_id
                        """)
                .params(access.actor().name(), why, messageId)
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> new NotFound("no such visible customer message"));
        events.publishEvent(new Audited("message.hide", "message", messageId.toString(), null, why));
        events.publishEvent(new MessageHidden(
                access.workspaceId(), conversation, messageId, access.actor().name(), why));
        events.publishEvent(new ConversationChanged(access.workspaceId(), conversation, "hidden"));
    }

    private boolean isMember(UUID userId) {
        return jdbc.sql("select exists (select 1 from people_directory where user_id = ? and enabled)")
                .param(userId)
                .query(Boolean.class)
                .single();
    }

    private void audit(String action, UUID conversationId, Object before, Object after) {
        events.publishEvent(new Audited(action, "conversation", conversationId.toString(), before, after));
    }
}
