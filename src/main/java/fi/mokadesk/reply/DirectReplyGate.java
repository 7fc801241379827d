package fi.mokadesk.reply;

import fi.mokadesk.conversation.ReplyGate;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The review rules and the coach's blocking rules, applied to replies written without a draft. */
@Component
class DirectReplyGate implements ReplyGate {

    private final ReplyDrafts drafts;

    DirectReplyGate(ReplyDrafts drafts) {
        this.drafts = drafts;
    }

    @Override
    public void check(UUID conversationId, String text) {
        drafts.checkDirectReply(conversationId, text);
    }
}
