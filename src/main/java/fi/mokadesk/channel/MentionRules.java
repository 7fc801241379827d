package fi.mokadesk.channel;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The keyword rules a feed entry must match to become a mention. The feed channel owns this question and
 * the listening module answers it (so channel never depends on listening); without an implementation no
 * feed entry is imported.
 */
public interface MentionRules {

    /** One place a rule matched: {@code start}/{@code end} are UTF-16 offsets into the text, end exclusive. */
    record Found(String rule, int start, int end) {}

    /**
     * Where the current workspace's rules that apply to the channel match {@code text}, by position; empty
     * when none does.
     */
    List<Found> find(UUID channelId, String channelType, String text);

    /**
     * A mention became (or already was) a message: the rules' names are added to its conversation as tags,
     * and the mention is counted for storm detection. Called after the message is committed.
     */
    void mentioned(UUID conversationId, UUID messageId, List<String> rules, Instant receivedAt);
}
