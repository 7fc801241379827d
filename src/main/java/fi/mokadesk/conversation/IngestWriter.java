package fi.mokadesk.conversation;

import fi.mokadesk.database.DatabaseUnavailable;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.RowIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for inbound messages. Requests that arrive together are written together: one transaction
 * per workspace and batch, a handful of array-based statements instead of five per message. Each request
 * still waits until its message is committed, so an acknowledged message is durable.
 *
 * <p>A batch that meets a surprise (the same message stored meanwhile by another node) is rolled back
 * and its messages are written again one by one, each as a batch of its own: a message stored meanwhile
 * is then answered as a re-delivery.
 */
final class IngestWriter {

    static final int MAX_BATCH = 256;

    /**
     * The order in which everything that writes several conversation rows in one transaction locks them: by
     * channel, then thread key, compared as UTF-8 bytes, which is PostgreSQL's {@code COLLATE "C"} order, so
     * a statement can take its rows in the same order ({@code order by channel collate "C", thread_key
     * collate "C" for no key update}). Two writers that agree on the order wait for each other but never
     * deadlock.
     */
    static final Comparator<String> LOCK_ORDER = (a, b) -> java.util.Arrays.compareUnsigned(
            a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    /**
     * The commit may have happened although its answer never came back (the database went away, or the wait
     * ran out while the batch was still being written), so the client is told to retry idempotently.
     */
    static final String MAY_BE_STORED =
            "%s; the message may have been stored: retry with the same externalId (it is never stored twice)";

    private static final Logger log = LoggerFactory.getLogger(IngestWriter.class);

    /** @param kept the caller's row written with the message, or null */
    record Pending(
            UUID workspace,
            InboundMessage message,
            String identity,
            KeptAlongside<?> kept,
            CompletableFuture<Ingested> result) {

        /**
         * A pending message is one request, not its contents: two deliveries of the same message are two
         * requests, each answered. Identity is also what the batch's maps need, and costs nothing, where a
         * record's own hash combines every field of the message for each lookup (about a twentieth of the
         * ingest writers' CPU under load).
         */
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Consumer<List<Stored>> published;
    private final MessageReader reader;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(20_000);
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;
    /**
     * The writers take turns at a batch's statements and overlap only their commits: while one batch waits
     * for its commit to reach the disk, the next batch's statements run. Two batches inserting into the same
     * tables and indexes at the same moment cost about a tenth more CPU per message than the same work in turn
     * (docs/PERFORMANCE.md). A writer that does not get its turn within {@link #TURN_WAIT} goes ahead anyway,
     * so a batch stuck behind a row lock never holds up the other writer for longer than that.
     */
    private final Semaphore statementTurn = new Semaphore(1);

    private static final Duration TURN_WAIT = Duration.ofMillis(250);

    /**
     * A message that this batch stored (for events after the statements). The first message of a conversation
     * in the batch also says whether it started the conversation or reopened it (from which status).
     */
    record Stored(
            UUID workspace,
            UUID conversation,
            UUID message,
            InboundMessage inbound,
            UUID contact,
            boolean startedConversation,
            ConversationStatus reopenedFrom) {}

    /** @param reader the summary labels of new messages, or null to leave them to the analysis' event */
    IngestWriter(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            Consumer<List<Stored>> published,
            MessageReader reader,
            int threads) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.published = published;
        this.reader = reader;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, "ingest-writer-" + i);
            t.setDaemon(true);
            t.start();
            writers.add(t);
        }
    }

    Ingested submit(UUID workspace, InboundMessage message, KeptAlongside<?> kept) {
        Pending pending = new Pending(workspace, message, Ingest.identity(message), kept, new CompletableFuture<>());
        try {
            if (!queue.offer(pending, 2, TimeUnit.SECONDS)) {
                throw new TryAgainLater("too many messages at once; retry shortly");
            }
            return pending.result().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TryAgainLater("interrupted while storing");
        } catch (TimeoutException e) {
            throw new TryAgainLater(MAY_BE_STORED.formatted("storing took too long"), 5);
        } catch (ExecutionException e) {
            if (DatabaseUnavailable.explains(e.getCause()))
                throw new TryAgainLater(
                        MAY_BE_STORED.formatted("the database is unavailable"),
                        DatabaseUnavailable.RETRY_AFTER_SECONDS,
                        e.getCause());
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Writes {@code messages} on the caller's thread as batches of their own (one transaction per
     * {@link #MAX_BATCH}), with the same fallback as the queued path; for a caller that already holds many
     * messages of one workspace (a mailbox import), so they commit together instead of being cut into
     * whatever happens to be queued at the moment. Each future is done when this returns.
     */
    List<CompletableFuture<Ingested>> writeNow(UUID workspace, List<InboundMessage> messages) {
        List<CompletableFuture<Ingested>> results = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += MAX_BATCH) {
            List<Pending> group = new ArrayList<>();
            for (InboundMessage m : messages.subList(from, Math.min(messages.size(), from + MAX_BATCH))) {
                Pending p = new Pending(workspace, m, Ingest.identity(m), null, new CompletableFuture<>());
                group.add(p);
                results.add(p.result());
            }
            write(workspace, group);
            for (Pending p : group) {
                if (!p.result().isDone())
                    p.result().completeExceptionally(new TryAgainLater("the message was not written; retry"));
            }
        }
        return results;
    }

    void stop() {
        running = false;
        writers.forEach(Thread::interrupt);
    }

    private void loop() {
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                Map<UUID, List<Pending>> byWorkspace = new LinkedHashMap<>();
                for (Pending p : batch)
                    byWorkspace
                            .computeIfAbsent(p.workspace(), k -> new ArrayList<>())
                            .add(p);
                byWorkspace.forEach(this::write);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Ingest writer failed; continuing", e);
            }
        }
    }

    private void write(UUID workspace, List<Pending> group) {
        try {
            Tenant.run(workspace, () -> writeGroup(workspace, group));
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.explains(e)) {
                // One by one would wait for the database once per message; the whole group fails fast instead.
                for (Pending p : group) p.result().completeExceptionally(e);
                return;
            }
            if (!(e instanceof BatchConflict))
                log.warn("Batch of {} messages fell back to one by one: {}", group.size(), e.toString());
            for (Pending p : group) {
                if (p.result().isDone()) continue;
                try {
                    Tenant.run(workspace, () -> writeAlone(workspace, p));
                } catch (RuntimeException single) {
                    p.result().completeExceptionally(single);
                }
            }
        }
    }

    /** One message as its own batch; if it was stored meanwhile, the second try answers it as known. */
    private void writeAlone(UUID workspace, Pending p) {
        try {
            writeGroup(workspace, List.of(p));
        } catch (BatchConflict stored) {
            writeGroup(workspace, List.of(p));
        }
    }

    private static final class BatchConflict extends RuntimeException {
        BatchConflict() {
            super("a message of the batch was stored meanwhile", null, false, false);
        }
    }

    private record Key(String channel, String externalId) {}

    private void writeGroup(UUID workspace, List<Pending> group) {
        // The same (channel, externalId) twice in one batch: the first stores, the others get its ids.
        Map<Key, Pending> leaders = new LinkedHashMap<>();
        Map<Pending, Pending> followers = new HashMap<>();
        List<Pending> fresh = new ArrayList<>();
        for (Pending p : group) {
            String external = p.message().externalId();
            if (external == null) {
                fresh.add(p);
                continue;
            }
            Key key = new Key(p.message().channel(), external);
            Pending leader = leaders.putIfAbsent(key, p);
            if (leader == null) fresh.add(p);
            else followers.put(p, leader);
        }
        List<Stored> stored = transaction.execute(status -> {
            // The re-delivery lookup shares the batch's connection: on a connection of its own it cost a round
            // trip to key that connection to the workspace and a transaction of its own, for every batch.
            answerKnown(fresh, leaders);
            if (fresh.isEmpty()) return List.of();
            // read before the turn: the reading needs no statement, so the other writer's batch may run meanwhile
            Map<Pending, MessageReader.Reading> readings = read(fresh);
            boolean turn = takeTurn();
            try {
                List<Stored> written = store(workspace, fresh, readings);
                published.accept(written); // inside the transaction, like the one-by-one path
                return written;
            } finally {
                if (turn) statementTurn.release(); // before the commit: the next batch may start
            }
        });
        Map<Pending, Ingested> answers = new HashMap<>();
        for (int i = 0; i < stored.size(); i++) {
            answers.put(
                    fresh.get(i),
                    new Ingested(stored.get(i).message(), stored.get(i).conversation(), true));
        }
        for (Pending p : fresh) p.result().complete(answers.get(p));
        followers.forEach((follower, leader) -> leader.result().whenComplete((r, e) -> {
            if (e != null) follower.result().completeExceptionally(e);
            else follower.result().complete(new Ingested(r.messageId(), r.conversationId(), false));
        }));
    }

    private boolean takeTurn() {
        try {
            return statementTurn.tryAcquire(TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The summary labels of each message, or none: a reading that fails costs the message nothing (the
     * analysis' event writes the summary a moment later).
     */
    private Map<Pending, MessageReader.Reading> read(List<Pending> fresh) {
        if (reader == null || fresh.isEmpty()) return Map.of();
        try {
            List<MessageReader.Reading> read =
                    reader.read(fresh.stream().map(p -> p.message().text()).toList());
            Map<Pending, MessageReader.Reading> readings = new HashMap<>();
            for (int i = 0; i < fresh.size(); i++) readings.put(fresh.get(i), read.get(i));
            return readings;
        } catch (RuntimeException e) {
            log.warn("Reading {} new messages failed; their summary follows from the analysis", fresh.size(), e);
            return Map.of();
        }
    }

    /**
     * The stored messages among a batch's (channel, externalId) keys. Written as one index probe per key: the
     * lateral subquery names the whole key of {@code message_external} and ends in {@code limit 1} (there is
     * at most one such message), which keeps PostgreSQL from turning it into a join that it may plan the other
     * way round. It did, on a desk whose million older messages had no external id: the statistics said
     * hardly any message had one, so the plan read every message with an external id of the workspace for
     * each batch, 4.4 ms per message and growing with every message stored (docs/PERFORMANCE.md).
     */
    static final String KNOWN_MESSAGES = """
            select k.channel, k.external_id, m.id, m.conversation_id
              from unnest(?::text[], ?::text[]) as k(channel, external_id)
              cross join lateral (
                  select id, conversation_id from message
                   where workspace_id = current_workspace() and channel = k.channel
                     and external_id = k.external_id and external_id is not null
                   limit 1
              ) m
            """;

    /** Re-deliveries of stored messages are answered right away and leave the batch. */
    private void answerKnown(List<Pending> fresh, Map<Key, Pending> leaders) {
        if (leaders.isEmpty()) return;
        String[] channels = leaders.keySet().stream().map(Key::channel).toArray(String[]::new);
        String[] externals = leaders.keySet().stream().map(Key::externalId).toArray(String[]::new);
        jdbc.sql(KNOWN_MESSAGES).params(channels, externals).query(rs -> {
            Pending p = leaders.get(new Key(rs.getString(1), rs.getString(2)));
            p.result().complete(new Ingested(rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), false));
            fresh.remove(p);
        });
    }

    /**
     * When the batch's reading becomes the conversation's summary: the summary follows the latest customer
     * message, so a batch with a reading and a message at least as new as the conversation's latest. Without
     * a reading the summary is left to the analysis' event.
     */
    private static final String SUMMARY_FROM_BATCH =
            "(excluded.sentiment is not null and excluded.last_inbound_at >= conversation.last_inbound_at)";

    /** The batch's conversations: new ones inserted, known ones brought up to date (reopened, summary, search). */
    private static final String UPSERT_CONVERSATIONS = """
            insert into conversation (workspace_id, channel, thread_key, contact_id, subject, is_public,
                                      last_message_at, last_inbound_at, last_preview, message_count,
                                      search_doc, sentiment, category, urgency, abusive)
            select ?, t.channel, t.thread_key, t.contact_id, t.subject, t.is_public, t.at, t.at, t.preview, t.n,
                   search_doc_append('', t.text), t.sentiment, t.category, t.urgency, coalesce(t.abusive, false)
              from unnest(?::text[], ?::text[], ?::uuid[], ?::text[], ?::boolean[], ?::timestamptz[], ?::text[],
                          ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
                   as t(channel, thread_key, contact_id, subject, is_public, at, preview, n, text,
                        sentiment, category, urgency, abusive)
            on conflict (workspace_id, channel, thread_key) do update set
                last_message_at = greatest(conversation.last_message_at, excluded.last_message_at),
                last_inbound_at = greatest(conversation.last_inbound_at, excluded.last_inbound_at),
                last_preview = case when excluded.last_message_at >= conversation.last_message_at
                                    then excluded.last_preview else conversation.last_preview end,
                message_count = conversation.message_count + excluded.message_count,
                search_doc = search_doc_append(conversation.search_doc, excluded.search_doc),
                status = 'open',
                sentiment = case when %1$s then excluded.sentiment else conversation.sentiment end,
                category = case when %1$s then excluded.category else conversation.category end,
                urgency = case when %1$s then excluded.urgency else conversation.urgency end,
                abusive = conversation.abusive or excluded.abusive
            returning channel, thread_key, id, old.status, contact_id
            """.formatted(SUMMARY_FROM_BATCH);

    private List<Stored> store(UUID workspace, List<Pending> batch, Map<Pending, MessageReader.Reading> readings) {
        Map<String, UUID> contacts = contacts(workspace, batch);

        // One row per conversation, however many of its messages are in the batch.
        record ThreadKey(String channel, String key) {}
        Map<ThreadKey, List<Pending>> threads = new LinkedHashMap<>();
        for (Pending p : batch) {
            threads.computeIfAbsent(
                            new ThreadKey(p.message().channel(), Ingest.threadKey(p.message(), p.identity())),
                            k -> new ArrayList<>())
                    .add(p);
        }
        // Upsert conversations in one fixed order, so two batches touching the same conversations never
        // wait on each other in a cycle.
        List<Map.Entry<ThreadKey, List<Pending>>> ordered = new ArrayList<>(threads.entrySet());
        ordered.sort(Comparator.comparing(
                        (Map.Entry<ThreadKey, List<Pending>> e) -> e.getKey().channel(), LOCK_ORDER)
                .thenComparing(e -> e.getKey().key(), LOCK_ORDER));
        int n = ordered.size();
        String[] channel = new String[n], key = new String[n], contact = new String[n], subject = new String[n];
        String[] isPublic = new String[n], last = new String[n], preview = new String[n], count = new String[n];
        String[] text = new String[n];
        String[] sentiment = new String[n], category = new String[n], urgency = new String[n], abusive = new String[n];
        int i = 0;
        for (var entry : ordered) {
            List<Pending> messages = entry.getValue();
            InboundMessage first = messages.get(0).message();
            Pending latestPending = messages.stream()
                    .max(Comparator.comparing(p -> p.message().receivedAt()))
                    .orElseThrow();
            InboundMessage latest = latestPending.message();
            // the summary is the latest message's reading, abusive if any message was (as the analysis' event)
            MessageReader.Reading reading = readings.get(latestPending);
            if (reading != null) {
                sentiment[i] = reading.sentiment();
                category[i] = reading.category();
                urgency[i] = reading.urgency();
                abusive[i] =
                        String.valueOf(messages.stream().map(readings::get).anyMatch(r -> r != null && r.abusive()));
            }
            channel[i] = entry.getKey().channel();
            key[i] = entry.getKey().key();
            contact[i] = contacts.get(
                            identityKey(first.channel(), messages.get(0).identity()))
                    .toString();
            subject[i] = messages.stream()
                    .map(p -> p.message().subject())
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            isPublic[i] = String.valueOf(first.isPublic());
            last[i] = latest.receivedAt().toString();
            preview[i] = Ingest.preview(latest.text());
            count[i] = String.valueOf(messages.size());
            // the search document grows by the batch's messages in the order they were received
            text[i] = messages.stream()
                    .map(Pending::message)
                    .sorted(Comparator.comparing(InboundMessage::receivedAt))
                    .map(InboundMessage::text)
                    .collect(Collectors.joining(" "));
            i++;
        }
        Map<ThreadKey, UUID> conversationIds = new HashMap<>();
        Map<UUID, ConversationStatus> before = new HashMap<>(); // null value: the row was inserted
        Map<UUID, UUID> contactOf = new HashMap<>();
        jdbc.sql(UPSERT_CONVERSATIONS)
                .params(
                        workspace, channel, key, contact, subject, isPublic, last, preview, count, text, sentiment,
                        category, urgency, abusive)
                .query(rs -> {
                    // A customer message always (re)opens: ConversationStatus.afterCustomerMessage. The status
                    // before comes back in the same statement (RETURNING old), so events cost no extra query.
                    UUID conversationId = rs.getObject(3, UUID.class);
                    conversationIds.put(new ThreadKey(rs.getString(1), rs.getString(2)), conversationId);
                    String old = rs.getString(4);
                    before.put(conversationId, old == null ? null : ConversationStatus.of(old, "status"));
                    contactOf.put(conversationId, rs.getObject(5, UUID.class));
                });

        int m = batch.size();
        List<Stored> stored = new ArrayList<>(m);
        String[] id = new String[m], conversation = new String[m], msgChannel = new String[m], external = new String[m];
        String[] name = new String[m], handle = new String[m], email = new String[m], body = new String[m];
        String[] msgPublic = new String[m], received = new String[m];
        for (int j = 0; j < m; j++) {
            Pending p = batch.get(j);
            InboundMessage msg = p.message();
            UUID messageId = RowIds.next();
            UUID conversationId =
                    conversationIds.get(new ThreadKey(msg.channel(), Ingest.threadKey(msg, p.identity())));
            boolean first = before.containsKey(conversationId);
            ConversationStatus old = first ? before.remove(conversationId) : null;
            stored.add(new Stored(
                    workspace,
                    conversationId,
                    messageId,
                    msg,
                    contactOf.get(conversationId),
                    first && old == null,
                    old != null && old.reopenedByCustomer() ? old : null));
            id[j] = messageId.toString();
            conversation[j] = conversationId.toString();
            msgChannel[j] = msg.channel();
            external[j] = msg.externalId();
            name[j] = msg.authorName();
            handle[j] = msg.authorHandle();
            email[j] = msg.authorEmail();
            body[j] = msg.text();
            msgPublic[j] = String.valueOf(msg.isPublic());
            received[j] = msg.receivedAt().toString();
        }
        int inserted = jdbc.sql("""
                        insert into message (workspace_id, id, conversation_id, kind, channel, external_id, author_name,
                                             author_handle, author_email, body, is_public, received_at)
                        select ?, t.id, t.conversation_id, 'inbound', t.channel, t.external_id, t.author_name,
                               t.author_handle, t.author_email, t.body, t.is_public, t.received_at
                          from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                      ?::boolean[], ?::timestamptz[])
                               as t(id, conversation_id, channel, external_id, author_name, author_handle, author_email,
                                    body, is_public, received_at)
                        on conflict (workspace_id, channel, external_id) where external_id is not null do nothing
                        """)
                .params(
                        workspace,
                        id,
                        conversation,
                        msgChannel,
                        external,
                        name,
                        handle,
                        email,
                        body,
                        msgPublic,
                        received)
                .update();
        if (inserted != m) throw new BatchConflict();
        keepAlongside(batch, stored);
        return stored;
    }

    /** The callers' rows of this batch, one statement per keeper, in the transaction of their messages. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void keepAlongside(List<Pending> batch, List<Stored> stored) {
        Map<KeptAlongside.Keeper, List<Integer>> byKeeper = new LinkedHashMap<>();
        for (int j = 0; j < batch.size(); j++) {
            KeptAlongside<?> kept = batch.get(j).kept();
            if (kept != null)
                byKeeper.computeIfAbsent(kept.keeper(), k -> new ArrayList<>()).add(j);
        }
        byKeeper.forEach((keeper, positions) -> keeper.keep(
                positions.stream().map(j -> batch.get(j).kept().row()).toList(),
                positions.stream()
                        .map(j -> new Ingested(
                                stored.get(j).message(), stored.get(j).conversation(), true))
                        .toList()));
    }

    private static String identityKey(String channel, String identity) {
        return channel + '\u001f' + identity;
    }

    /** The contact behind each sender; new senders become new contacts. */
    private Map<String, UUID> contacts(UUID workspace, List<Pending> batch) {
        Map<String, Pending> senders = new LinkedHashMap<>();
        for (Pending p : batch) senders.putIfAbsent(identityKey(p.message().channel(), p.identity()), p);
        Map<String, UUID> known = lookup(senders);
        List<Pending> missing = senders.entrySet().stream()
                .filter(e -> !known.containsKey(e.getKey()))
                .map(Map.Entry::getValue)
                .toList();
        if (!missing.isEmpty()) {
            int n = missing.size();
            String[] ids = new String[n],
                    names = new String[n],
                    emails = new String[n],
                    channels = new String[n],
                    handles = new String[n];
            for (int i = 0; i < n; i++) {
                Pending p = missing.get(i);
                ids[i] = RowIds.next().toString();
                names[i] = p.message().authorName();
                emails[i] = p.message().authorEmail();
                channels[i] = p.message().channel();
                handles[i] = p.identity();
            }
            jdbc.sql(
                            "insert into contact (workspace_id, id, name, email) select ?, * from unnest(?::uuid[], ?::text[], ?::text[])")
                    .params(workspace, ids, names, emails)
                    .update();
            jdbc.sql("""
                            insert into contact_identity (workspace_id, channel, handle, contact_id)
                            select ?, * from unnest(?::text[], ?::text[], ?::uuid[]) on conflict do nothing
                            """).params(workspace, channels, handles, ids).update();
            // Another node may have linked some of these senders a moment earlier: ask again.
            Map<String, Pending> unresolved = new LinkedHashMap<>();
            for (Pending p : missing) unresolved.put(identityKey(p.message().channel(), p.identity()), p);
            known.putAll(lookup(unresolved));
        }
        return known;
    }

    private Map<String, UUID> lookup(Map<String, Pending> senders) {
        String[] channels =
                senders.values().stream().map(p -> p.message().channel()).toArray(String[]::new);
        String[] handles = senders.values().stream().map(Pending::identity).toArray(String[]::new);
        Map<String, UUID> found = new HashMap<>();
        jdbc.sql("""
                        select k.channel, k.handle, ci.contact_id
                          from unnest(?::text[], ?::text[]) as k(channel, handle)
                          cross join lateral (
                              select contact_id from contact_identity
                               where workspace_id = current_workspace() and channel = k.channel and handle = k.handle
                               limit 1
                          ) ci
                        """).params(channels, handles).query(rs -> {
            found.put(identityKey(rs.getString(1), rs.getString(2)), rs.getObject(3, UUID.class));
        });
        return found;
    }
}
