package fi.mokadesk.channel.email;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.Ingested;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Workspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns fetched mails into conversation messages and records them. Order of work, chosen so that no mail
 * is lost or imported twice:
 *
 * <ol>
 *   <li>each mail gets a key from its Message-ID and content hash; mails already recorded are skipped;
 *   <li>threads are found (References, In-Reply-To, the subject token, a forward's original sender);
 *   <li>the chunk goes through the conversation module's batch ingest ({@code Conversations.ingestAll}: one
 *       committed transaction for the chunk; the externalId {@code mail:<key>} makes a second ingest of the
 *       same mail a no-op);
 *   <li>only then, in one transaction, the mail records, attachments, threads and the mailbox's last UID,
 *       each written with one or two array statements for the whole chunk.
 * </ol>
 *
 * Parsing (MIME, charsets, the HTML sanitiser) runs on all cores; threads are looked up once per chunk.
 *
 * A crash between 3 and 4 re-reads the same mails on the next poll, and step 3 answers them as known.
 */
@Component
class EmailImport implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmailImport.class);
    private static final Pattern TOKEN = Pattern.compile("\\[#([A-Z0-9]{6,10})]");
    private static final Pattern ANY_ID = Pattern.compile("(?im)^(?:message-id|in-reply-to):\\s*<([^<>\\s]{1,900})>");
    private static final Pattern FORWARD_PREFIX =
            Pattern.compile("^\\s*((fwd?|vs|vl|wg|tr|i)\\s*:\\s*)+", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final int MAX_TEXT = 20_000;
    private static final char[] TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    /** One mail as the server gave it. {@code receivedAt} is the server's arrival time when known. */
    record Fetched(long uid, byte[] raw, boolean truncated, Instant receivedAt) {}

    /** What one chunk came to: the highest UID now recorded, how many became messages, and whether to stop. */
    record Result(long acknowledgedUid, int imported, int skipped, boolean stop) {}

    private record Work(
            Fetched fetched,
            ParsedMail mail,
            String key,
            String threadKey,
            boolean newThread,
            String forwardedBy,
            InboundMessage message) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transaction;
    private final Conversations conversations;
    private final Workspaces workspaces;
    private final MailParser parser;
    private final ExecutorService parsers =
            Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "email-parse");
                t.setDaemon(true);
                return t;
            });

    EmailImport(
            JdbcClient jdbc,
            JdbcTemplate batch,
            TransactionTemplate transaction,
            Conversations conversations,
            Workspaces workspaces,
            @Value("${mokadesk.email.max-attachment-bytes:10485760}") long maxAttachmentBytes,
            @Value("${mokadesk.email.max-mail-bytes:26214400}") long maxMailBytes) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.transaction = transaction;
        this.conversations = conversations;
        this.workspaces = workspaces;
        this.parser = new MailParser(new MailParser.Limits(maxAttachmentBytes, maxMailBytes));
    }

    @Override
    public void destroy() {
        parsers.shutdownNow();
    }

    ParsedMail parse(byte[] raw, boolean truncated) {
        try {
            return parser.parse(raw, truncated);
        } catch (RuntimeException | StackOverflowError e) {
            // The parser is written never to throw; should it anyway, the mail is still kept as raw text.
            log.warn("A mail could not be parsed ({} bytes): {}", raw.length, e.toString());
            return MailParser.unreadable(
                    MailParser.clean(MailParser.decode(raw, null, null)),
                    "",
                    MailParser.sha256(raw, 0, raw.length),
                    raw.length,
                    List.of("the mail could not be read: " + e));
        }
    }

    /**
     * Imports mails of one mailbox in the current workspace, in UID order. {@code uidValidity} and the UIDs
     * are null/0 for mails that did not come from IMAP (e.g. posted raw to the API).
     */
    Result importMails(UUID channelId, Long uidValidity, List<Fetched> fetched) {
        if (fetched.isEmpty()) return new Result(0, 0, 0, false);
        List<Work> work = new ArrayList<>();
        Map<String, ParsedMail> byKey = new HashMap<>();
        for (ParsedMail mail : parseAll(fetched)) {
            String key = key(mail);
            byKey.put(key, mail);
            work.add(new Work(fetched.get(work.size()), mail, key, null, false, null, null));
        }
        Set<String> known = known(byKey.keySet());
        Set<String> ours = ourReplies(work);
        Set<String> staff = staffAddresses();
        Threads threads = threads(work);
        Map<String, String> threadOfId = new HashMap<>(); // Message-IDs of this chunk → thread
        Map<String, String> newThreadsByKey = new HashMap<>();
        List<Work> toImport = new ArrayList<>();
        int skipped = 0;
        Set<String> seen = new HashSet<>();
        for (Work w : work) {
            ParsedMail m = w.mail();
            if (known.contains(w.key())
                    || !seen.add(w.key())
                    || (m.messageId() != null && ours.contains(m.messageId()))) {
                skipped++;
                continue;
            }
            boolean forwardedByStaff =
                    m.forward() != null && m.fromAddress() != null && staff.contains(m.fromAddress());
            String threadKey = thread(m, forwardedByStaff, threadOfId, threads);
            boolean fresh = threadKey == null;
            if (fresh) {
                threadKey = newThreadsByKey.computeIfAbsent(
                        w.key(), k -> "email:" + MailParser.sha256(k).substring(0, 32));
            }
            if (m.messageId() != null) threadOfId.put(m.messageId(), threadKey);
            toImport.add(new Work(
                    w.fetched(),
                    m,
                    w.key(),
                    threadKey,
                    fresh,
                    forwardedByStaff ? m.fromAddress() : null,
                    inbound(w.key(), m, threadKey, forwardedByStaff, w.fetched().receivedAt())));
        }

        // The whole chunk goes through the conversation module's batch ingest: one transaction per chunk.
        List<Ingested> results = ingestAll(toImport);
        java.util.IdentityHashMap<Fetched, Integer> importIndex = new java.util.IdentityHashMap<>();
        for (int i = 0; i < toImport.size(); i++)
            importIndex.put(toImport.get(i).fetched(), i);
        List<Work> stored = new ArrayList<>();
        List<Ingested> ingested = new ArrayList<>();
        long acknowledged = 0;
        boolean failed = false;
        for (Work original : work) {
            Integer index = importIndex.get(original.fetched());
            if (index == null) {
                if (!failed)
                    acknowledged = Math.max(acknowledged, original.fetched().uid());
                continue;
            }
            Ingested result = results.get(index);
            if (result == null) {
                // Not stored: this mail and every later one are read again next time (never acknowledged).
                failed = true;
                continue;
            }
            stored.add(toImport.get(index));
            ingested.add(result);
            if (!failed)
                acknowledged = Math.max(acknowledged, original.fetched().uid());
        }
        long ack = acknowledged;
        transaction.executeWithoutResult(status -> {
            record(channelId, uidValidity, stored, ingested);
            if (uidValidity != null && ack > 0) {
                jdbc.sql("""
                                update email_mailbox set last_uid = greatest(last_uid, ?), imported = imported + ?
                                 where channel_id = ? and uid_validity = ?
                                """).params(ack, stored.size(), channelId, uidValidity).update();
            }
        });
        return new Result(ack, stored.size(), skipped, failed);
    }

    /**
     * Parses the mails on all cores (parsing and sanitising HTML is the import's main CPU work); a mail that
     * cannot be parsed becomes its raw text, so the result has one entry per mail, in order.
     */
    private List<ParsedMail> parseAll(List<Fetched> fetched) {
        if (fetched.size() == 1)
            return List.of(parse(fetched.get(0).raw(), fetched.get(0).truncated()));
        List<Future<ParsedMail>> futures = new ArrayList<>();
        for (Fetched f : fetched) futures.add(parsers.submit(() -> parse(f.raw(), f.truncated())));
        List<ParsedMail> parsed = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                parsed.add(futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading mails", e);
            } catch (ExecutionException e) {
                // parse() catches everything it can; what is left (an Error) still must not lose the mail.
                Fetched f = fetched.get(i);
                parsed.add(MailParser.unreadable(
                        MailParser.clean(MailParser.decode(f.raw(), null, null)),
                        "",
                        MailParser.sha256(f.raw(), 0, f.raw().length),
                        f.raw().length,
                        List.of("the mail could not be read: " + e.getCause())));
            }
        }
        return parsed;
    }

    /**
     * Ingests the chunk in one batch; a message the conversation module refuses is stored in its plainest
     * form instead. An entry is null when its message could not be stored now (it is read again later).
     */
    private List<Ingested> ingestAll(List<Work> toImport) {
        List<Ingested> results = new ArrayList<>();
        if (toImport.isEmpty()) return results;
        List<Conversations.Batched> answers =
                conversations.ingestAll(toImport.stream().map(Work::message).toList());
        List<Integer> refused = new ArrayList<>();
        List<InboundMessage> plain = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Conversations.Batched answer = answers.get(i);
            results.add(answer.stored());
            if (answer.failure() instanceof InvalidInput invalid) {
                InboundMessage message = toImport.get(i).message();
                log.warn(
                        "Mail {} was refused as it is ({}); storing its plain form",
                        message.externalId(),
                        invalid.getMessage());
                refused.add(i);
                plain.add(plainForm(message, invalid));
            } else if (answer.failure() != null) {
                Work w = toImport.get(i);
                log.warn(
                        "Mail {} (uid {}) could not be stored yet; it is read again next time: {}",
                        w.mail().messageId(),
                        w.fetched().uid(),
                        answer.failure().toString());
            }
        }
        if (!plain.isEmpty()) {
            List<Conversations.Batched> second = conversations.ingestAll(plain);
            for (int j = 0; j < second.size(); j++) {
                results.set(refused.get(j), second.get(j).stored());
                if (second.get(j).failure() != null)
                    log.warn(
                            "Mail {} could not be stored in its plain form either: {}",
                            plain.get(j).externalId(),
                            second.get(j).failure().toString());
            }
        }
        return results;
    }

    private static InboundMessage plainForm(InboundMessage message, InvalidInput refused) {
        return new InboundMessage(
                message.channel(),
                message.externalId(),
                message.threadKey(),
                null,
                null,
                null,
                null,
                "(" + refused.getMessage() + ")\n\n" + truncate(message.text(), MAX_TEXT - 500),
                false,
                null);
    }

    /** The dedupe key: the Message-ID together with the content, so a re-sent copy is the same mail. */
    static String key(ParsedMail m) {
        String id =
                m.messageId() != null ? m.messageId() : "no-id/" + m.fromAddress() + "/" + m.date() + "/" + m.subject();
        return MailParser.sha256(id + "\n" + m.contentSha256());
    }

    private Set<String> known(Set<String> keys) {
        return new HashSet<>(jdbc.sql("select message_key from email_mail where message_key = any(?)")
                .param(keys.toArray(String[]::new))
                .query(String.class)
                .list());
    }

    /** Our own replies coming back (a copy to the mailbox itself) are not customer mail. */
    private Set<String> ourReplies(List<Work> work) {
        String[] ids = work.stream()
                .map(w -> w.mail().messageId())
                .filter(id -> id != null)
                .toArray(String[]::new);
        if (ids.length == 0) return Set.of();
        return new HashSet<>(jdbc.sql("select header_message_id from email_sent where header_message_id = any(?)")
                .param(ids)
                .query(String.class)
                .list());
    }

    private Set<String> staffAddresses() {
        Set<String> staff = new HashSet<>();
        for (Workspaces.Member member : workspaces.members()) {
            if (member.email() != null) staff.add(member.email().toLowerCase(Locale.ROOT));
        }
        return staff;
    }

    /** The threads a chunk's references and subject tokens lead to, looked up once per chunk. */
    private record Threads(Map<String, String> byMessageId, Map<String, String> byToken) {}

    /** What a mail refers to, in the order it is tried: most recent first, a bounce's quoted ids last. */
    private static List<String> references(ParsedMail m, boolean forwardedByStaff) {
        List<String> refs = new ArrayList<>();
        if (forwardedByStaff) {
            if (m.forward().messageId() != null) refs.add(m.forward().messageId());
        } else {
            refs.addAll(m.inReplyTo());
            List<String> references = new ArrayList<>(m.references());
            java.util.Collections.reverse(references); // the most recent first
            refs.addAll(references);
            if (m.bounce()) {
                // A bounce quotes the headers of the mail that failed: our reply's Message-ID is among them.
                Matcher id = ANY_ID.matcher(m.text());
                while (id.find() && refs.size() < 200) refs.add(id.group(1));
            }
        }
        return refs;
    }

    private static String token(ParsedMail m, boolean forwardedByStaff) {
        String subject =
                forwardedByStaff && m.forward().subject() != null ? m.forward().subject() : m.subject();
        if (subject == null) return null;
        Matcher token = TOKEN.matcher(subject);
        return token.find() ? token.group(1) : null;
    }

    private Threads threads(List<Work> work) {
        Set<String> refs = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (Work w : work) {
            ParsedMail m = w.mail();
            // Both readings of a forward are looked up: whether it came from staff is decided later.
            refs.addAll(references(m, false));
            String token = token(m, false);
            if (token != null) tokens.add(token);
            if (m.forward() != null) {
                refs.addAll(references(m, true));
                token = token(m, true);
                if (token != null) tokens.add(token);
            }
        }
        Map<String, String> byId = new HashMap<>();
        if (!refs.isEmpty()) {
            String[] ids = refs.toArray(String[]::new);
            jdbc.sql("""
                            select header_message_id, thread_key from email_mail where header_message_id = any(?)
                            union all
                            select header_message_id, thread_key from email_sent
                             where header_message_id = any(?) and thread_key is not null
                            """).params(ids, ids).query(rs -> {
                byId.putIfAbsent(rs.getString(1), rs.getString(2));
            });
        }
        Map<String, String> byToken = new HashMap<>();
        if (!tokens.isEmpty()) {
            jdbc.sql("select token, thread_key from email_thread where token = any(?)")
                    .param(tokens.toArray(String[]::new))
                    .query(rs -> {
                        byToken.put(rs.getString(1), rs.getString(2));
                    });
        }
        return new Threads(byId, byToken);
    }

    /** The thread a mail belongs to, or null when it starts a new one. */
    private String thread(ParsedMail m, boolean forwardedByStaff, Map<String, String> chunk, Threads stored) {
        List<String> refs = references(m, forwardedByStaff);
        for (String ref : refs) {
            if (chunk.containsKey(ref)) return chunk.get(ref);
        }
        for (String ref : refs) {
            if (stored.byMessageId().containsKey(ref))
                return stored.byMessageId().get(ref);
        }
        String token = token(m, forwardedByStaff);
        if (token != null && stored.byToken().containsKey(token))
            return stored.byToken().get(token);
        if (forwardedByStaff) {
            // The customer's latest conversation by mail, if they have one.
            return jdbc.sql("""
                            select thread_key from email_mail where lower(from_address) = ?
                             order by received_at desc limit 1
                            """)
                    .param(m.forward().fromAddress())
                    .query(String.class)
                    .optional()
                    .orElse(null);
        }
        return null;
    }

    private static InboundMessage inbound(
            String key, ParsedMail m, String threadKey, boolean forwardedByStaff, Instant serverTime) {
        String address = forwardedByStaff ? m.forward().fromAddress() : m.fromAddress();
        String name = forwardedByStaff ? m.forward().fromName() : m.fromName();
        String subject = m.subject();
        if (forwardedByStaff) {
            subject = m.forward().subject() != null
                    ? m.forward().subject()
                    : subject == null ? null : FORWARD_PREFIX.matcher(subject).replaceFirst("");
        }
        if (address != null
                && (address.length() > 254 || !EMAIL.matcher(address).matches())) {
            name = name == null ? address : name + " <" + address + ">";
            address = null;
        }
        Instant received = serverTime != null ? serverTime : m.date();
        Instant now = Instant.now();
        if (received == null
                || received.isAfter(now.plus(Duration.ofHours(1)))
                || received.isBefore(Instant.parse("1990-01-02T00:00:00Z"))) {
            received = now;
        }
        String text = m.text();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT - 200) + "\n\n[… " + (text.length() - (MAX_TEXT - 200))
                    + " merkkiä lisää / more characters]";
        }
        return new InboundMessage(
                "email",
                "mail:" + key,
                threadKey,
                truncate(name, 200),
                null,
                address,
                truncate(subject, 500),
                text,
                false,
                received);
    }

    /**
     * Writes the chunk's mail records, new threads and attachments with a few array statements (not one per
     * mail), inside the caller's transaction.
     */
    private void record(UUID channelId, Long uidValidity, List<Work> stored, List<Ingested> ingested) {
        if (stored.isEmpty()) return;
        UUID workspace = Tenant.require();
        recordThreads(workspace, channelId, stored);
        int n = stored.size();
        // Every column as text, cast in SQL (as the ingest does): the driver sends text arrays as they are.
        UUID[] ids = new UUID[n];
        String[] idTexts = new String[n], messageIds = new String[n], conversationIds = new String[n];
        String[] keys = new String[n], headerIds = new String[n], inReplyTo = new String[n], refs = new String[n];
        String[] uids = new String[n], sizes = new String[n];
        String[] from = new String[n], fromName = new String[n], replyTo = new String[n], subject = new String[n];
        String[] sha = new String[n], headers = new String[n], text = new String[n], html = new String[n];
        String[] quotedText = new String[n], forwardedBy = new String[n], problems = new String[n];
        String[] threadKeys = new String[n];
        String[] quotedFrom = new String[n];
        String[] autoReply = new String[n], bounce = new String[n], list = new String[n];
        String[] received = new String[n];
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Work w = stored.get(i);
            Ingested in = ingested.get(i);
            ParsedMail m = w.mail();
            boolean forward = w.forwardedBy() != null;
            ids[i] = UUID.randomUUID();
            idTexts[i] = ids[i].toString();
            keys[i] = w.key();
            position.put(w.key(), i);
            headerIds[i] = truncate(m.messageId(), 1000);
            inReplyTo[i] = String.join(" ", m.inReplyTo());
            refs[i] = truncate(String.join(" ", m.references()), 20_000);
            uids[i] = w.fetched().uid() > 0 ? Long.toString(w.fetched().uid()) : null;
            // A forward is recorded under the customer it came from; forwarded_by names the agent.
            from[i] = forward ? m.forward().fromAddress() : m.fromAddress();
            fromName[i] = forward ? m.forward().fromName() : m.fromName();
            replyTo[i] = forward ? null : m.replyTo();
            subject[i] = m.subject();
            sha[i] = m.contentSha256();
            headers[i] = m.headers();
            text[i] = m.text();
            html[i] = m.html();
            quotedText[i] = m.quotedText();
            quotedFrom[i] = m.quoted() < 0 ? null : Integer.toString(m.quoted());
            sizes[i] = Long.toString(m.size());
            autoReply[i] = Boolean.toString(m.autoReply());
            bounce[i] = Boolean.toString(m.bounce());
            list[i] = Boolean.toString(m.listMail());
            forwardedBy[i] = w.forwardedBy();
            problems[i] = m.problems().isEmpty() ? null : String.join("\n", m.problems());
            threadKeys[i] = w.threadKey();
            messageIds[i] = in.messageId().toString();
            conversationIds[i] = in.conversationId().toString();
            received[i] = w.message().receivedAt().toString();
        }
        // A key recorded meanwhile (another mailbox of the workspace had the same mail) is not returned.
        List<String> inserted = jdbc.sql("""
                        insert into email_mail (workspace_id, id, channel_id, message_key, header_message_id, in_reply_to,
                            mail_references, uid_validity, uid, from_address, from_name, reply_to, subject, content_sha256,
                            headers, text_body, html_body, quoted_text, quoted_from, size_bytes, auto_reply, bounce, list_mail,
                            forwarded_by, problems, thread_key, message_id, conversation_id, received_at)
                        select ?::uuid, r.id, ?::uuid, r.message_key, r.header_message_id, r.in_reply_to, r.mail_references,
                               ?::bigint, r.uid,
                               r.from_address, r.from_name, r.reply_to, r.subject, r.content_sha256, r.headers, r.text_body,
                               r.html_body, r.quoted_text, r.quoted_from, r.size_bytes, r.auto_reply, r.bounce, r.list_mail,
                               r.forwarded_by, r.problems, r.thread_key, r.message_id, r.conversation_id, r.received_at
                          from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                                      ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                      ?::int[], ?::bigint[], ?::boolean[], ?::boolean[], ?::boolean[], ?::text[], ?::text[],
                                      ?::text[], ?::uuid[], ?::uuid[], ?::timestamptz[])
                            as r(id, message_key, header_message_id, in_reply_to, mail_references, uid, from_address,
                                 from_name, reply_to, subject, content_sha256, headers, text_body, html_body, quoted_text,
                                 quoted_from, size_bytes, auto_reply, bounce, list_mail, forwarded_by, problems, thread_key,
                                 message_id, conversation_id, received_at)
                        on conflict (workspace_id, message_key) do nothing
                        returning message_key
                        """)
                .params(
                        workspace,
                        channelId,
                        uidValidity,
                        idTexts,
                        keys,
                        headerIds,
                        inReplyTo,
                        refs,
                        uids,
                        from,
                        fromName,
                        replyTo,
                        subject,
                        sha,
                        headers,
                        text,
                        html,
                        quotedText,
                        quotedFrom,
                        sizes,
                        autoReply,
                        bounce,
                        list,
                        forwardedBy,
                        problems,
                        threadKeys,
                        messageIds,
                        conversationIds,
                        received)
                .query(String.class)
                .list();
        List<Object[]> files = new ArrayList<>();
        for (String key : inserted) {
            int i = position.get(key);
            int place = 0;
            for (ParsedMail.Attachment a : stored.get(i).mail().attachments()) {
                files.add(new Object[] {
                    workspace,
                    UUID.randomUUID(),
                    ids[i],
                    UUID.fromString(messageIds[i]),
                    place++,
                    a.fileName(),
                    truncate(a.contentType(), 200),
                    truncate(a.contentId(), 500),
                    a.inline(),
                    a.size(),
                    a.sha256(),
                    a.content(),
                    a.refused()
                });
            }
        }
        if (!files.isEmpty()) {
            // One batch (sent as multi-row inserts by the driver), however many attachments the chunk has.
            batch.batchUpdate("""
                    insert into email_attachment (workspace_id, id, mail_id, message_id, position, file_name,
                        content_type, content_id, is_inline, size_bytes, sha256, content, refused_reason)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, files);
        }
    }

    /** The chunk's new threads with their subject tokens; the rare token collision is settled one by one. */
    private void recordThreads(UUID workspace, UUID channelId, List<Work> stored) {
        Map<String, Work> fresh = new java.util.LinkedHashMap<>();
        for (Work w : stored) {
            if (w.newThread()) fresh.putIfAbsent(w.threadKey(), w);
        }
        if (fresh.isEmpty()) return;
        String[] threadKeys = fresh.keySet().toArray(String[]::new);
        String[] tokens = new String[threadKeys.length];
        String[] subjects = new String[threadKeys.length];
        for (int i = 0; i < threadKeys.length; i++) {
            tokens[i] = token(MailParser.sha256(threadKeys[i]), 6);
            subjects[i] = truncate(fresh.get(threadKeys[i]).message().subject(), 500);
        }
        Set<String> inserted = new HashSet<>(jdbc.sql("""
                        insert into email_thread (workspace_id, thread_key, channel_id, token, subject)
                        select ?::uuid, t.thread_key, ?::uuid, t.token, t.subject
                          from unnest(?::text[], ?::text[], ?::text[]) as t(thread_key, token, subject)
                        on conflict do nothing
                        returning thread_key
                        """)
                .params(workspace, channelId, threadKeys, tokens, subjects)
                .query(String.class)
                .list());
        for (String threadKey : threadKeys) {
            if (!inserted.contains(threadKey))
                newThread(
                        workspace,
                        threadKey,
                        channelId,
                        fresh.get(threadKey).message().subject());
        }
    }

    /** A thread's subject token: 6 characters from its key, longer in the rare case they are taken. */
    private void newThread(UUID workspace, String threadKey, UUID channelId, String subject) {
        String hash = MailParser.sha256(threadKey);
        for (int length : new int[] {6, 8, 10}) {
            String token = token(hash, length);
            int inserted = jdbc.sql("""
                            insert into email_thread (workspace_id, thread_key, channel_id, token, subject)
                            values (?, ?, ?, ?, ?) on conflict do nothing
                            """)
                    .params(workspace, threadKey, channelId, token, truncate(subject, 500))
                    .update();
            if (inserted > 0) return;
            boolean exists = jdbc.sql("select exists (select 1 from email_thread where thread_key = ?)")
                    .param(threadKey)
                    .query(Boolean.class)
                    .single();
            if (exists) return;
        }
    }

    private static String token(String hex, int length) {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int value = Integer.parseInt(hex.substring(i * 2, i * 2 + 2), 16);
            token.append(TOKEN_ALPHABET[value % TOKEN_ALPHABET.length]);
        }
        return token.toString();
    }

    static String truncate(String value, int max) {
        if (value == null) return null;
        return value.length() <= max ? value : value.substring(0, max);
    }
}
