package fi.mokadesk.channel.email;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.Ingested;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
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
 *   <li>the mails go through the conversation module's ingest (its own committed transaction; the externalId
 *       {@code mail:<key>} makes a second ingest of the same mail a no-op);
 *   <li>only then, in one transaction, the mail records, attachments, threads and the mailbox's last UID.
 * </ol>
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
    private final TransactionTemplate transaction;
    private final Conversations conversations;
    private final Workspaces workspaces;
    private final MailParser parser;
    private final ExecutorService ingesters = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "email-ingest");
        t.setDaemon(true);
        return t;
    });

    EmailImport(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            Conversations conversations,
            Workspaces workspaces,
            @Value("${mokadesk.email.max-attachment-bytes:10485760}") long maxAttachmentBytes,
            @Value("${mokadesk.email.max-mail-bytes:26214400}") long maxMailBytes) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.conversations = conversations;
        this.workspaces = workspaces;
        this.parser = new MailParser(new MailParser.Limits(maxAttachmentBytes, maxMailBytes));
    }

    @Override
    public void destroy() {
        ingesters.shutdownNow();
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
        Access access = Access.require();
        List<Work> work = new ArrayList<>();
        Map<String, ParsedMail> byKey = new HashMap<>();
        for (Fetched f : fetched) {
            ParsedMail mail = parse(f.raw(), f.truncated());
            String key = key(mail);
            byKey.put(key, mail);
            work.add(new Work(f, mail, key, null, false, null, null));
        }
        Set<String> known = known(byKey.keySet());
        Set<String> ours = ourReplies(work);
        Set<String> staff = staffAddresses();
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
            String threadKey = thread(m, forwardedByStaff, threadOfId);
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

        // Ingest concurrently: the conversation module commits them together in a few group commits.
        java.util.IdentityHashMap<Fetched, Integer> importIndex = new java.util.IdentityHashMap<>();
        for (int i = 0; i < toImport.size(); i++)
            importIndex.put(toImport.get(i).fetched(), i);
        List<Future<Ingested>> results = new ArrayList<>();
        for (Work w : toImport) {
            results.add(ingesters.submit(() -> Access.callAs(access, () -> ingest(w.message()))));
        }
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
            Work w = toImport.get(index);
            Ingested result = null;
            try {
                result = results.get(index).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = true;
            } catch (ExecutionException e) {
                log.warn(
                        "Mail {} (uid {}) could not be stored yet; it is read again next time: {}",
                        w.mail().messageId(),
                        w.fetched().uid(),
                        e.getCause().toString());
                failed = true;
            }
            if (result != null) {
                stored.add(w);
                ingested.add(result);
                if (!failed) acknowledged = Math.max(acknowledged, w.fetched().uid());
            }
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

    /** Ingests; a message the conversation module refuses is stored in its plainest form instead. */
    private Ingested ingest(InboundMessage message) {
        try {
            return conversations.ingest(message);
        } catch (InvalidInput refused) {
            log.warn(
                    "Mail {} was refused as it is ({}); storing its plain form",
                    message.externalId(),
                    refused.getMessage());
            return conversations.ingest(new InboundMessage(
                    message.channel(),
                    message.externalId(),
                    message.threadKey(),
                    null,
                    null,
                    null,
                    null,
                    "(" + refused.getMessage() + ")\n\n" + truncate(message.text(), MAX_TEXT - 500),
                    false,
                    null));
        }
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

    /** The thread a mail belongs to, or null when it starts a new one. */
    private String thread(ParsedMail m, boolean forwardedByStaff, Map<String, String> chunk) {
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
        for (String ref : refs) {
            if (chunk.containsKey(ref)) return chunk.get(ref);
        }
        if (!refs.isEmpty()) {
            Map<String, String> found = new HashMap<>();
            jdbc.sql("""
                            select header_message_id, thread_key from email_mail where header_message_id = any(?)
                            union all
                            select header_message_id, thread_key from email_sent
                             where header_message_id = any(?) and thread_key is not null
                            """)
                    .params(refs.toArray(String[]::new), refs.toArray(String[]::new))
                    .query(rs -> {
                        found.putIfAbsent(rs.getString(1), rs.getString(2));
                    });
            for (String ref : refs) {
                if (found.containsKey(ref)) return found.get(ref);
            }
        }
        String subject =
                forwardedByStaff && m.forward().subject() != null ? m.forward().subject() : m.subject();
        if (subject != null) {
            Matcher token = TOKEN.matcher(subject);
            if (token.find()) {
                var thread = jdbc.sql("select thread_key from email_thread where token = ?")
                        .param(token.group(1))
                        .query(String.class)
                        .optional();
                if (thread.isPresent()) return thread.get();
            }
        }
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

    private void record(UUID channelId, Long uidValidity, List<Work> stored, List<Ingested> ingested) {
        UUID workspace = Tenant.require();
        for (int i = 0; i < stored.size(); i++) {
            Work w = stored.get(i);
            Ingested in = ingested.get(i);
            ParsedMail m = w.mail();
            if (w.newThread())
                newThread(workspace, w.threadKey(), channelId, w.message().subject());
            UUID mailId = UUID.randomUUID();
            List<String> problems = new ArrayList<>(m.problems());
            int inserted = jdbc.sql("""
                            insert into email_mail (workspace_id, id, channel_id, message_key, header_message_id, in_reply_to,
                                mail_references, uid_validity, uid, from_address, from_name, reply_to, subject, content_sha256,
                                headers, text_body, html_body, quoted_text, quoted_from, size_bytes, auto_reply, bounce, list_mail,
                                forwarded_by, problems, thread_key, message_id, conversation_id, received_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (workspace_id, message_key) do nothing
                            """)
                    .params(
                            workspace,
                            mailId,
                            channelId,
                            w.key(),
                            truncate(m.messageId(), 1000),
                            String.join(" ", m.inReplyTo()),
                            truncate(String.join(" ", m.references()), 20_000),
                            uidValidity,
                            w.fetched().uid() > 0 ? w.fetched().uid() : null,
                            // A forward is recorded under the customer it came from; forwarded_by names the agent.
                            w.forwardedBy() != null ? m.forward().fromAddress() : m.fromAddress(),
                            w.forwardedBy() != null ? m.forward().fromName() : m.fromName(),
                            w.forwardedBy() != null ? null : m.replyTo(),
                            m.subject(),
                            m.contentSha256(),
                            m.headers(),
                            m.text(),
                            m.html(),
                            m.quotedText(),
                            m.quoted() < 0 ? null : m.quoted(),
                            m.size(),
                            m.autoReply(),
                            m.bounce(),
                            m.listMail(),
                            w.forwardedBy(),
                            problems.isEmpty() ? null : String.join("\n", problems),
                            w.threadKey(),
                            in.messageId(),
                            in.conversationId(),
                            java.sql.Timestamp.from(w.message().receivedAt()))
                    .update();
            if (inserted == 0) continue; // recorded meanwhile (another mailbox of the workspace had the same mail)
            int position = 0;
            for (ParsedMail.Attachment a : m.attachments()) {
                jdbc.sql("""
                                insert into email_attachment (workspace_id, id, mail_id, message_id, position, file_name,
                                    content_type, content_id, is_inline, size_bytes, sha256, content, refused_reason)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                """)
                        .params(
                                workspace,
                                UUID.randomUUID(),
                                mailId,
                                in.messageId(),
                                position++,
                                a.fileName(),
                                truncate(a.contentType(), 200),
                                truncate(a.contentId(), 500),
                                a.inline(),
                                a.size(),
                                a.sha256(),
                                a.content(),
                                a.refused())
                        .update();
            }
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
