package fi.mokadesk.conversation;

import fi.mokadesk.conversation.Views.Change;
import fi.mokadesk.conversation.Views.ConversationSummary;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One change to many selected conversations (assign, status, tag). All or nothing: one refused change
 * (a status move the rules forbid, a non-member as assignee) leaves every selected conversation as it was.
 * Each conversation's change is audited and announced like a single change.
 */
@Component
class BulkChanges {

    static final int MAX = Conversations.MAX_PAGE;

    private final ConversationCommands commands;
    private final Inbox inbox;

    BulkChanges(ConversationCommands commands, Inbox inbox) {
        this.commands = commands;
        this.inbox = inbox;
    }

    /** Applies the change to each conversation; {@code addTag} adds one tag to the ones each already has. */
    @Transactional
    public int apply(List<UUID> ids, String assigneeId, String status, String addTag) {
        Access.require(Role.AGENT);
        if (ids == null || ids.isEmpty()) throw new InvalidInput("ids", "select at least one conversation");
        if (ids.size() > MAX) throw new InvalidInput("ids", "allows at most " + MAX + " conversations at once");
        String tag = addTag == null || addTag.isBlank()
                ? null
                : StorableText.require(addTag.strip(), "tag").toLowerCase(Locale.ROOT);
        if (assigneeId == null && status == null && tag == null) {
            throw new InvalidInput("action", "choose an assignee, a status or a tag");
        }
        for (UUID id : new LinkedHashSet<>(ids)) {
            List<String> tags = null;
            if (tag != null) {
                ConversationSummary before = inbox.get(id).conversation();
                if (!before.tags().contains(tag)) {
                    tags = new ArrayList<>(before.tags());
                    tags.add(tag);
                }
            }
            commands.change(id, new Change(status, assigneeId, null, tags));
        }
        return new LinkedHashSet<>(ids).size();
    }
}
