package fi.mokadesk.channel.meta;

import fi.mokadesk.channel.Deliveries;
import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.MessageHidden;
import fi.mokadesk.conversation.Views.MessageView;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hiding a customer's comment on Facebook or Instagram follows the moderation rules: when a message is hidden
 * in the desk and it is abusive by the analysis, or a lead (or admin) hid it, the comment is hidden on the
 * platform too, through the outbox; a lead can also hide or show it there directly. The comment stays in
 * the desk either way, and Mokadesk never deletes anything on a platform.
 */
@Component
class PlatformModeration {

    private static final Logger log = LoggerFactory.getLogger(PlatformModeration.class);

    private final MetaItems items;
    private final Deliveries deliveries;
    private final Conversations conversations;
    private final ApplicationEventPublisher events;
    private final JsonMapper json = JsonMapper.builder().build();

    PlatformModeration(
            MetaItems items, Deliveries deliveries, Conversations conversations, ApplicationEventPublisher events) {
        this.items = items;
        this.deliveries = deliveries;
        this.conversations = conversations;
        this.events = events;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(MessageHidden hidden) {
        MetaItems.Item item = items.byMessage(hidden.messageId()).orElse(null);
        if (item == null
                || !item.kind().equals("comment")
                || item.platformId().startsWith("private:")
                || item.conversationId() == null) return;
        boolean lead = Access.current().map(a -> a.role().atLeast(Role.LEAD)).orElse(false);
        boolean abusive = !lead && abusive(hidden.conversationId(), hidden.messageId());
        if (!lead && !abusive) {
            log.info(
                    "Comment {} hidden in the desk only: hiding it on the platform needs a lead or an abusive label",
                    item.platformId());
            return;
        }
        enqueue(item, true, "meta-hide:" + hidden.messageId());
    }

    /** A lead's decision to hide or show the comment on the platform; returns the delivery. */
    @Transactional
    public UUID byLead(UUID messageId, boolean hide) {
        Access.require(Role.LEAD);
        MetaItems.Item item = items.byMessage(messageId)
                .filter(i -> i.kind().equals("comment")
                        && !i.platformId().startsWith("private:")
                        && i.conversationId() != null)
                .orElseThrow(() -> new NotFound("no Facebook or Instagram comment " + messageId));
        UUID delivery = enqueue(item, hide, "meta-visibility:" + messageId + ":" + UUID.randomUUID());
        events.publishEvent(new Audited(
                hide ? "comment.hide_on_platform" : "comment.show_on_platform",
                "message",
                messageId.toString(),
                Map.of("hidden", item.hidden()),
                Map.of("hidden", hide)));
        return delivery;
    }

    private UUID enqueue(MetaItems.Item item, boolean hide, String key) {
        String type = conversations.get(item.conversationId()).conversation().channel();
        return deliveries.platformAction(
                key,
                type,
                item.channelId(),
                item.conversationId(),
                item.messageId() == null ? item.platformId() : item.messageId().toString(),
                json.writeValueAsString(Map.of(
                        "action", hide ? "hide" : "unhide",
                        "commentId", item.platformId(),
                        "messageId", String.valueOf(item.messageId()))));
    }

    private boolean abusive(UUID conversationId, UUID messageId) {
        try {
            return conversations.get(conversationId).messages().stream()
                    .filter(m -> m.id().equals(messageId))
                    .map(MessageView::insight)
                    .anyMatch(i -> i != null && i.abusive());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
