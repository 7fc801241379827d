package fi.mokadesk.storm;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Pairs the two halves of a "negative mention of a rule": the keyword rules that matched a message
 * ({@code KeywordMentioned}) and the analysis that found it negative ({@code MessageAnalyzed}). The two events
 * come from different workers in either order, usually within seconds; whichever half comes first waits here
 * until the other arrives or it grows too old. Only negative analyses and rule matches are kept, so neutral
 * traffic costs nothing.
 *
 * <p>Both halves are published on the node that took the message in, so each node pairs its own. A half that
 * waited longer than {@link #KEEP_MILLIS} (analysis stalled for minutes) is dropped, and that message is left
 * out of the rule's negative series; the series stays a slight undercount, never a double count, as a pair
 * is counted once and then forgotten.
 */
final class RuleNegativeJoin {

    static final long KEEP_MILLIS = 15 * 60_000L;
    static final int MAX_WAITING = 100_000;

    /** A completed pair: the rules whose negative series the message counts in, with its bucket. */
    record Pair(UUID workspaceId, List<String> rules, long bucket) {}

    private record Mention(UUID workspaceId, List<String> rules, long bucket, long at) {}

    // Insertion-ordered, so the oldest halves are at the front when they are swept or pushed out.
    private final LinkedHashMap<UUID, Mention> mentions = new LinkedHashMap<>();
    private final LinkedHashMap<UUID, Long> negatives = new LinkedHashMap<>();

    /** The rules matched {@code messageId}; a pair if its analysis already said negative. */
    synchronized Pair mentioned(UUID messageId, UUID workspaceId, List<String> rules, long bucket, long nowMillis) {
        if (messageId == null || rules.isEmpty()) return null;
        if (negatives.remove(messageId) != null) return new Pair(workspaceId, rules, bucket);
        put(mentions, messageId, new Mention(workspaceId, rules, bucket, nowMillis));
        return null;
    }

    /** The analysis found {@code messageId} negative; a pair if rules already matched it. */
    synchronized Pair negative(UUID messageId, long nowMillis) {
        if (messageId == null) return null;
        Mention mention = mentions.remove(messageId);
        if (mention != null) return new Pair(mention.workspaceId(), mention.rules(), mention.bucket());
        put(negatives, messageId, nowMillis);
        return null;
    }

    /** Forgets halves older than {@link #KEEP_MILLIS}; returns how many were dropped. */
    synchronized int sweep(long nowMillis) {
        return sweep(mentions, m -> m.at(), nowMillis) + sweep(negatives, at -> at, nowMillis);
    }

    synchronized int waiting() {
        return mentions.size() + negatives.size();
    }

    private static <V> void put(LinkedHashMap<UUID, V> waiting, UUID key, V value) {
        waiting.put(key, value);
        // A flood of unpaired halves must not fill the memory: the oldest go first.
        if (waiting.size() > MAX_WAITING) {
            Iterator<UUID> oldest = waiting.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private static <V> int sweep(
            LinkedHashMap<UUID, V> waiting, java.util.function.ToLongFunction<V> at, long nowMillis) {
        int dropped = 0;
        Iterator<Map.Entry<UUID, V>> it = waiting.entrySet().iterator();
        while (it.hasNext()) {
            if (nowMillis - at.applyAsLong(it.next().getValue()) <= KEEP_MILLIS) break;
            it.remove();
            dropped++;
        }
        return dropped;
    }
}
