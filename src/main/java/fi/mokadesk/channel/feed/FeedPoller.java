package fi.mokadesk.channel.feed;

import fi.mokadesk.channel.ChannelAdapter.Health;
import fi.mokadesk.channel.Channels;
import fi.mokadesk.channel.MentionRules;
import fi.mokadesk.channel.OutboundAddresses;
import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.Ingested;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the feed sources that are due, a few at a time, and turns their new entries that match a keyword
 * rule into mention conversations.
 *
 * <p>Polite polling: each source is read every {@code pollMinutes} with ±10 % jitter (so sources added
 * together drift apart), with the ETag / Last-Modified of the last answer (a 304 costs the site almost
 * nothing), and after a failure the wait doubles with every further failure (at most a day). The state of
 * the last poll is the channel's health, with the time it began.
 *
 * <p>No duplicates, also across restarts and crashes: an entry is known by its id and by its unwrapped link
 * ({@code feed_entry}); the message's externalId is derived from the source and the entry, so an entry
 * whose message was stored just before a crash, but not yet recorded here, is answered as known by the
 * conversation module on the next poll and then recorded.
 */
@Component
class FeedPoller implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);
    static final int EXCERPT_BEFORE = 200;
    static final int EXCERPT_AFTER = 400;
    private static final int BATCH = 200;
    private static final Duration MAX_WAIT = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final Channels channels;
    private final Conversations conversations;
    private final ObjectProvider<MentionRules> rules;
    private final FeedFetcher fetcher;
    private final ExecutorService workers;
    private final Map<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();

    FeedPoller(
            JdbcClient jdbc,
            Channels channels,
            Conversations conversations,
            ObjectProvider<MentionRules> rules,
            OutboundAddresses addresses,
            @Value("${mokadesk.feed.max-bytes:5242880}") long maxBytes,
            @Value("${mokadesk.feed.timeout:20s}") Duration timeout,
            @Value("${mokadesk.feed.parallel:8}") int parallel) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.conversations = conversations;
        this.rules = rules;
        this.fetcher = new FeedFetcher(addresses, maxBytes, timeout);
        this.workers = Executors.newFixedThreadPool(Math.max(1, parallel), r -> {
            Thread t = new Thread(r, "feed-poll");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void destroy() throws IOException {
        workers.shutdownNow();
        fetcher.close();
    }

    private record Due(UUID workspaceId, UUID channelId) {}

    /** What one poll did: how it ended, and how many entries became mentions. */
    record Polled(FeedFetcher.Kind kind, int entries, int imported, String detail) {}

    /** Reads every source whose time has come (a batch at a time, several in parallel); returns the mentions made. */
    int pollDue() {
        List<Due> due = jdbc.sql("select workspace_id, channel_id from feed_sources_due(?)")
                .param(BATCH)
                .query((rs, i) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
        List<Future<Integer>> running = new ArrayList<>();
        for (Due d : due) {
            running.add(workers.submit(() -> {
                try {
                    return Access.callAs(Access.system(d.workspaceId(), "feed"), () -> poll(d.channelId()))
                            .imported();
                } catch (RuntimeException e) {
                    // One source's trouble never stops the others; it is tried again at its next time.
                    log.warn(
                            "Reading feed {} of workspace {} failed: {}", d.channelId(), d.workspaceId(), e.toString());
                    return 0;
                }
            }));
        }
        int imported = 0;
        for (Future<Integer> f : running) {
            try {
                imported += f.get(10, TimeUnit.MINUTES);
            } catch (Exception e) {
                log.warn("A feed poll did not finish: {}", e.toString());
            }
        }
        return imported;
    }

    private record Source(String etag, String lastModified, int failures) {}

    /** Reads one source now, in the current workspace. */
    Polled poll(UUID channelId) {
        ReentrantLock lock = locks.computeIfAbsent(channelId, id -> new ReentrantLock());
        if (!lock.tryLock()) return new Polled(FeedFetcher.Kind.OK, 0, 0, "being read right now");
        try {
            Optional<Map<String, Object>> stored = channels.settingsForWork(channelId);
            if (stored.isEmpty()) return new Polled(FeedFetcher.Kind.OK, 0, 0, "disabled");
            FeedSettings settings = FeedSettings.of(stored.get());
            jdbc.sql("""
                            insert into feed_source (workspace_id, channel_id) values (current_workspace(), ?)
                            on conflict do nothing
                            """).param(channelId).update();
            Source source = jdbc.sql("select etag, last_modified, failures from feed_source where channel_id = ?")
                    .param(channelId)
                    .query((rs, i) -> new Source(rs.getString(1), rs.getString(2), rs.getInt(3)))
                    .single();
            // Claimed until the next regular time first: should this poll die half-way, the site is not asked
            // again every few seconds.
            jdbc.sql("update feed_source set next_poll_at = ? where channel_id = ?")
                    .params(next(settings.pollMinutes(), source.failures()), channelId)
                    .update();
            FeedFetcher.Fetched fetched = fetcher.fetch(settings.url(), source.etag(), source.lastModified());
            if (fetched.kind() == FeedFetcher.Kind.NOT_MODIFIED) {
                succeeded(channelId, settings, source.etag(), source.lastModified(), 0);
                return new Polled(FeedFetcher.Kind.NOT_MODIFIED, 0, 0, null);
            }
            if (fetched.kind() != FeedFetcher.Kind.OK) {
                return failed(channelId, settings, source, fetched.kind(), fetched.detail());
            }
            List<FeedParser.Entry> entries;
            try {
                entries = FeedParser.parse(fetched.body());
            } catch (FeedParser.NotAFeed e) {
                return failed(channelId, settings, source, FeedFetcher.Kind.NOT_FEED, e.getMessage());
            }
            int imported = importEntries(channelId, settings, entries);
            succeeded(channelId, settings, fetched.etag(), fetched.lastModified(), entries.size());
            if (imported > 0) log.info("Feed {}: {} new mentions", channelId, imported);
            return new Polled(FeedFetcher.Kind.OK, entries.size(), imported, null);
        } finally {
            lock.unlock();
        }
    }

    private void succeeded(UUID channelId, FeedSettings settings, String etag, String lastModified, int entries) {
        jdbc.sql("""
                        update feed_source set etag = ?, last_modified = ?, failures = 0, error_kind = null,
                               error_detail = null, last_polled_at = now(), last_ok_at = now(),
                               next_poll_at = ?, entries_seen = ?
                         where channel_id = ?
                        """)
                .params(etag, lastModified, next(settings.pollMinutes(), 0), entries, channelId)
                .update();
        channels.setHealth(channelId, Health.OK);
    }

    private Polled failed(UUID channelId, FeedSettings settings, Source source, FeedFetcher.Kind kind, String detail) {
        int failures = source.failures() + 1;
        String message = FeedErrors.message(kind, detail);
        jdbc.sql("""
                        update feed_source set failures = ?, error_kind = ?, error_detail = ?, last_polled_at = now(),
                               next_poll_at = ?
                         where channel_id = ?
                        """)
                .params(
                        failures,
                        kind.name().toLowerCase(java.util.Locale.ROOT),
                        message,
                        next(settings.pollMinutes(), failures),
                        channelId)
                .update();
        channels.setHealth(channelId, Health.error(message));
        log.info("Feed {} failed ({} in a row): {}", channelId, failures, message);
        return new Polled(kind, 0, 0, detail);
    }

    /**
     * When to read again: the interval, doubled for every failure in a row (at most a day), ±10 % at random so
     * sources added at the same moment do not keep asking at the same moment.
     */
    static OffsetDateTime next(int pollMinutes, int failures) {
        long seconds = pollMinutes * 60L;
        for (int i = 0; i < failures && seconds < MAX_WAIT.toSeconds(); i++) seconds *= 2;
        seconds = Math.min(seconds, MAX_WAIT.toSeconds());
        double jitter = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
        return OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(Math.round(seconds * jitter));
    }

    /** Entries not seen before that match a rule become mention conversations, oldest first. */
    private int importEntries(UUID channelId, FeedSettings settings, List<FeedParser.Entry> entries) {
        MentionRules mentionRules = rules.getIfAvailable();
        if (mentionRules == null || entries.isEmpty()) return 0;
        Set<String> knownKeys = new HashSet<>();
        Set<String> knownUrls = new HashSet<>();
        jdbc.sql("select entry_key, url from feed_entry where channel_id = ? and (entry_key = any(?) or url = any(?))")
                .params(
                        channelId,
                        entries.stream().map(FeedParser.Entry::key).toArray(String[]::new),
                        entries.stream()
                                .map(FeedParser.Entry::url)
                                .filter(u -> u != null)
                                .toArray(String[]::new))
                .query(rs -> {
                    knownKeys.add(rs.getString(1));
                    if (rs.getString(2) != null) knownUrls.add(rs.getString(2));
                });
        List<FeedParser.Entry> fresh = new ArrayList<>(entries);
        fresh.sort(Comparator.comparing((FeedParser.Entry e) -> e.published() == null ? Instant.MAX : e.published()));
        String sourceName = channels.nameOf(channelId).orElse("feed");
        int imported = 0;
        for (FeedParser.Entry entry : fresh) {
            if (knownKeys.contains(entry.key()) || (entry.url() != null && knownUrls.contains(entry.url()))) continue;
            Mention mention = Mention.of(entry, mentionRules, channelId);
            if (mention == null) continue;
            knownKeys.add(entry.key());
            if (entry.url() != null) knownUrls.add(entry.url());
            String externalId =
                    "feed:" + FeedParser.sha256(channelId + "\n" + entry.key()).substring(0, 48);
            Instant received = received(entry.published());
            Ingested stored;
            try {
                stored = conversations.ingest(new InboundMessage(
                        "feed",
                        externalId,
                        externalId,
                        entry.author() != null ? entry.author() : site(entry.url(), sourceName),
                        null,
                        null,
                        mention.subject(),
                        mention.text(),
                        true,
                        received));
            } catch (InvalidInput e) {
                // One entry the conversation module refuses (e.g. an id it cannot store) never blocks the others.
                log.warn("Feed {}: entry {} not imported: {}", channelId, entry.key(), e.getMessage());
                continue;
            }
            jdbc.sql("""
                            insert into feed_entry (workspace_id, channel_id, entry_key, url, title, rules, highlights,
                                                    message_id, conversation_id, published_at)
                            values (current_workspace(), ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (workspace_id, channel_id, entry_key) do nothing
                            """)
                    .params(
                            channelId,
                            entry.key(),
                            entry.url(),
                            mention.subject(),
                            mention.rules().toArray(String[]::new),
                            mention.highlights().toArray(Integer[]::new),
                            stored.messageId(),
                            stored.conversationId(),
                            entry.published() == null ? null : entry.published().atOffset(ZoneOffset.UTC))
                    .update();
            mentionRules.mentioned(stored.conversationId(), stored.messageId(), mention.rules(), received);
            if (stored.created()) imported++;
        }
        return imported;
    }

    /** The entry's time as the message's, within what a message may carry (not in the future, not before 1990). */
    private static Instant received(Instant published) {
        Instant now = Instant.now();
        if (published == null || published.isAfter(now)) return now;
        if (published.isBefore(Instant.parse("1990-01-02T00:00:00Z"))) return now;
        return published;
    }

    /** Who wrote it when the feed does not say: the site the entry is on, else the source's name. */
    private static String site(String url, String sourceName) {
        if (url != null) {
            try {
                String host = URI.create(url).getHost();
                if (host != null && host.length() <= 200) return host.startsWith("www.") ? host.substring(4) : host;
            } catch (IllegalArgumentException e) {
                // fall back to the source's name
            }
        }
        return sourceName;
    }
}
