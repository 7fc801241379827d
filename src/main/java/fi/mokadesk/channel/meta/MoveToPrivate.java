package fi.mokadesk.channel.meta;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.Ingested;
import fi.mokadesk.conversation.Views.ConversationDetail;
import fi.mokadesk.conversation.Views.MessageView;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Move to private": a public complaint (a Facebook or Instagram comment) gets a short, polite public answer
 * and a private reply to that comment asking for what is needed. The private half is its own conversation,
 * opened with the customer's comment, so both halves show and link to each other; the public one is marked
 * "answered in private". A comment can be answered privately once, within 7 days: the action is offered only
 * then, and refused with the reason otherwise.
 */
@Component
public class MoveToPrivate {

    static final Duration PRIVATE_REPLY_WINDOW = Duration.ofDays(7);

    /** Both halves: the deliveries (one per reply) and the private conversation. */
    public record Moved(UUID publicDeliveryId, UUID privateDeliveryId, UUID privateConversationId) {}

    /** The move cannot succeed as asked (HTTP 409 with the reason). */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final Conversations conversations;
    private final MetaItems items;
    private final MetaInbound inbound;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final MessageSource messages;

    MoveToPrivate(
            Conversations conversations,
            MetaItems items,
            MetaInbound inbound,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            MessageSource messages) {
        this.conversations = conversations;
        this.items = items;
        this.inbound = inbound;
        this.transaction = transaction;
        this.events = events;
        this.messages = messages;
    }

    /** Why the comment cannot be answered privately, or empty when it can. */
    static Optional<String> refusal(MetaItems.Item item) {
        if (item == null || !item.kind().equals("comment") || item.platformId().startsWith("private:"))
            return Optional.of("only a customer's Facebook or Instagram comment can be answered privately");
        if (item.removedAt() != null) return Optional.of("the comment was removed by its author");
        if (item.privateReplyId() != null) return Optional.of("the comment was already answered privately");
        if (item.eventAt() != null
                && item.eventAt().isBefore(OffsetDateTime.now().minus(PRIVATE_REPLY_WINDOW)))
            return Optional.of("a private reply is possible only within 7 days of the comment");
        return Optional.empty();
    }

    public Moved move(UUID conversationId, UUID messageId, String publicText, String privateText, Locale locale) {
        Access.require(Role.AGENT);
        ConversationDetail detail = conversations.get(conversationId);
        String channel = detail.conversation().channel();
        if (!channel.equals("facebook") && !channel.equals("instagram"))
            throw new InvalidInput("conversationId", "moving to private is for Facebook and Instagram comments");
        MetaItems.Item comment = target(detail, messageId);
        refusal(comment).ifPresent(why -> {
            throw new Refused(why);
        });
        String publicBody = text(publicText, "publicText", "meta.move.publicText", locale);
        String privateBody = text(privateText, "privateText", "meta.move.privateText", locale);
        String prefix = channel.equals("facebook") ? "fb" : "ig";
        String copyId = "private:" + comment.platformId();
        MessageView original = detail.messages().stream()
                .filter(m -> m.id().equals(comment.messageId()))
                .findFirst()
                .orElseThrow();
        // The private half opens with the customer's comment, so the agent sees what it is about.
        items.describe(
                comment.channelId(),
                copyId,
                "message",
                "private",
                comment.platformId(),
                comment.authorId(),
                comment.authorName(),
                original.text(),
                null,
                original.receivedAt().toInstant());
        Ingested copy = inbound.ingest(
                comment.channelId(),
                copyId,
                new InboundMessage(
                        channel,
                        copyId,
                        prefix + ":private:" + comment.platformId(),
                        original.authorName(),
                        original.authorHandle(),
                        null,
                        null,
                        original.text(),
                        false,
                        original.receivedAt().toInstant()));
        return transaction.execute(status -> {
            UUID publicReply = conversations.write(conversationId, publicBody, false);
            UUID privateReply = conversations.write(copy.conversationId(), privateBody, false);
            items.outgoing(comment.channelId(), publicReply, conversationId, comment.threadId(), comment.platformId());
            items.outgoing(comment.channelId(), privateReply, copy.conversationId(), "private", comment.platformId());
            items.moved(comment.channelId(), comment.platformId(), privateReply, copy.conversationId());
            items.linkBack(comment.channelId(), copyId, conversationId);
            Map<String, Object> what = new LinkedHashMap<>();
            what.put("commentMessageId", comment.messageId().toString());
            what.put("publicReply", publicReply.toString());
            what.put("privateReply", privateReply.toString());
            what.put("privateConversation", copy.conversationId().toString());
            events.publishEvent(new Audited(
                    "conversation.moved_to_private", "conversation", conversationId.toString(), null, what));
            return new Moved(publicReply, privateReply, copy.conversationId());
        });
    }

    /** The chosen comment, or the conversation's latest customer comment. */
    private MetaItems.Item target(ConversationDetail detail, UUID messageId) {
        if (messageId != null) {
            boolean here = detail.messages().stream().anyMatch(m -> m.id().equals(messageId));
            if (!here) throw new InvalidInput("messageId", "is not a message of this conversation");
            return items.byMessage(messageId).orElse(null);
        }
        List<MessageView> inbound = detail.messages().stream()
                .filter(m -> m.kind().equals("inbound") && m.isPublic())
                .toList();
        for (int i = inbound.size() - 1; i >= 0; i--) {
            Optional<MetaItems.Item> item = items.byMessage(inbound.get(i).id());
            if (item.isPresent() && item.get().kind().equals("comment")) return item.get();
        }
        throw new Refused("the conversation has no customer comment to answer privately");
    }

    private String text(String given, String field, String template, Locale locale) {
        if (given == null || given.isBlank()) return messages.getMessage(template, null, locale);
        String clean = StorableText.require(given.strip(), field);
        if (clean.length() > 2000) throw new InvalidInput(field, "is longer than 2000 characters");
        return clean;
    }
}
