package fi.mokadesk.channel.email;

import fi.mokadesk.channel.ChannelAdapter.Health;
import fi.mokadesk.channel.Channels;
import fi.mokadesk.workspace.Access;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads new mail from every enabled email channel's IMAP folder, by UID. The folder is opened read-only:
 * Mokadesk never changes the mailbox. What was read is remembered per channel as (UIDVALIDITY, last UID);
 * when the server renumbers the folder (a new UIDVALIDITY) everything is read again and the Message-ID +
 * content key drops what is already here. One mailbox is read by one reader at a time in the whole cluster
 * ({@link MailboxLocks}), whether the poll job (one node at a time, db-scheduler) or an IDLE watcher
 * ({@link EmailIdle}) asks.
 */
@Component
class EmailPoller implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmailPoller.class);
    static final int CHUNK = 100;
    /** The most mails, and bytes, one FETCH command brings. */
    static final int FETCH_GROUP = 1000;

    static final long FETCH_BYTES = 32L * 1024 * 1024;
    private static final Duration BUDGET = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final Channels channels;
    private final MailServers servers;
    private final EmailImport importer;
    private final MailboxLocks clusterLocks;
    private final long maxMailBytes;
    private final Map<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** On shutdown a read stops after the chunk it is importing; the rest is read after the restart. */
    private volatile boolean stopping;

    EmailPoller(
            JdbcClient jdbc,
            Channels channels,
            MailServers servers,
            EmailImport importer,
            MailboxLocks clusterLocks,
            @Value("${mokadesk.email.max-mail-bytes:26214400}") long maxMailBytes) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.servers = servers;
        this.importer = importer;
        this.clusterLocks = clusterLocks;
        this.maxMailBytes = maxMailBytes;
    }

    @Override
    public void destroy() {
        stopping = true;
    }

    private record Due(UUID workspaceId, UUID channelId, int pollSeconds, OffsetDateTime lastPollAt) {}

    /** Reads every mailbox whose poll interval has passed; returns how many mails became messages. */
    int pollDue() {
        List<Due> due = jdbc.sql(
                        "select workspace_id, channel_id, poll_seconds, last_poll_at from email_channels_to_poll()")
                .query((rs, i) -> new Due(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class)))
                .list();
        int imported = 0;
        OffsetDateTime now = OffsetDateTime.now();
        for (Due d : due) {
            if (d.lastPollAt() != null
                    && d.lastPollAt().plusSeconds(d.pollSeconds()).isAfter(now)) continue;
            try {
                imported += Access.callAs(Access.system(d.workspaceId(), "email"), () -> poll(d.channelId()))
                        .imported();
            } catch (RuntimeException e) {
                // One mailbox's trouble never stops the others.
                log.warn("Reading mailbox {} of workspace {} failed: {}", d.channelId(), d.workspaceId(), e.toString());
            }
        }
        return imported;
    }

    /** What one poll did; {@code busy} when the mailbox was being read by someone else right then. */
    record Polled(int imported, int skipped, long lastUid, String error, boolean busy) {

        Polled(int imported, int skipped, long lastUid, String error) {
            this(imported, skipped, lastUid, error, false);
        }

        static final Polled BUSY = new Polled(0, 0, -1, null, true);
    }

    /**
     * Reads the channel's new mail now, in the current workspace. One reader per mailbox in the whole
     * cluster: the poll job, an IDLE watcher or a person's "check now" that comes while another reads it gets
     * {@link Polled#BUSY}.
     */
    Polled poll(UUID channelId) {
        ReentrantLock lock = locks.computeIfAbsent(channelId, id -> new ReentrantLock());
        if (!lock.tryLock()) return Polled.BUSY; // being read on this node right now
        try {
            if (!clusterLocks.tryLock(MailboxLocks.Purpose.IMPORT, channelId)) return Polled.BUSY;
            try {
                return pollLocked(channelId);
            } finally {
                clusterLocks.unlock(MailboxLocks.Purpose.IMPORT, channelId);
            }
        } finally {
            lock.unlock();
        }
    }

    private Polled pollLocked(UUID channelId) {
        Optional<Map<String, Object>> stored = channels.settingsForWork(channelId);
        if (stored.isEmpty()) return new Polled(0, 0, -1, null);
        EmailSettings settings = EmailSettings.of(stored.get());
        jdbc.sql("""
                        insert into email_mailbox (workspace_id, channel_id, folder, last_poll_at)
                        values (current_workspace(), ?, ?, now())
                        on conflict (workspace_id, channel_id) do update set last_poll_at = now()
                        """).params(channelId, settings.folder()).update();
        try {
            Polled polled = read(channelId, settings);
            recovered(channelId, settings);
            return polled;
        } catch (MessagingException | UnknownHostException e) {
            String why = MailServers.explain("IMAP", settings.imapHost(), settings.imapPort(), e);
            channels.setHealth(channelId, Health.error(why));
            return new Polled(0, 0, -1, why);
        }
    }

    /**
     * A successful read ends an IMAP error; the state set by the last full check (e.g. a warning that no
     * SMTP server is set, or an SMTP error) is left alone, as polling says nothing about sending.
     */
    private void recovered(UUID channelId, EmailSettings used) {
        // An admin may have changed the settings (say, to a wrong password) while this read ran on the old
        // ones: its success says nothing about the new settings, whose check set the state.
        Optional<Map<String, Object>> now = channels.settingsForWork(channelId);
        if (now.isEmpty() || !EmailSettings.of(now.get()).equals(used)) return;
        Channels.ChannelView channel = channels.get(channelId);
        if ("error".equals(channel.status())
                && channel.statusMessage() != null
                && channel.statusMessage().startsWith("IMAP")) {
            channels.setHealth(channelId, adapterHealthWithoutImap(channel));
        }
    }

    private static Health adapterHealthWithoutImap(Channels.ChannelView channel) {
        return channel.settings().get("smtpHost") == null ? Health.warning(EmailChannel.NO_SMTP) : Health.OK;
    }

    /**
     * Reads the folder's new mail by UID. A fetcher thread brings whole mails from the server in big FETCH
     * commands (up to {@link #FETCH_GROUP} mails or {@link #FETCH_BYTES} each: every IMAP command costs a
     * round trip, and some servers work per command in proportion to the folder's size), while this thread
     * imports the mails already fetched, {@link #CHUNK} at a time and in UID order. A chunk that cannot be
     * stored stops the read; its mails are read again next time.
     */
    private Polled read(UUID channelId, EmailSettings settings) throws MessagingException, UnknownHostException {
        Instant deadline = Instant.now().plus(BUDGET);
        int imported = 0, skipped = 0;
        long lastUid;
        try (Store store = servers.imap(settings)) {
            IMAPFolder folder = (IMAPFolder) store.getFolder(settings.folder());
            folder.open(Folder.READ_ONLY);
            Fetcher fetcher = null;
            try {
                long validity = folder.getUIDValidity();
                lastUid = bookkeeping(channelId, settings.folder(), validity);
                Message[] candidates = folder.getMessagesByUID(lastUid + 1, UIDFolder.LASTUID);
                FetchProfile sizes = new FetchProfile();
                sizes.add(UIDFolder.FetchProfileItem.UID);
                sizes.add(IMAPFolder.FetchProfileItem.SIZE);
                sizes.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
                folder.fetch(candidates, sizes);
                long from = lastUid;
                List<Message> fresh = new ArrayList<>(Arrays.stream(candidates)
                        .filter(m -> m != null && uid(folder, m) > from)
                        .sorted(Comparator.comparingLong(m -> uid(folder, m)))
                        .toList());
                if (!fresh.isEmpty()) {
                    fetcher = new Fetcher(folder, fresh, deadline);
                    fetcher.start();
                    while (true) {
                        List<EmailImport.Fetched> chunk = fetcher.next();
                        if (chunk == null) break;
                        EmailImport.Result result = importer.importMails(channelId, validity, chunk);
                        imported += result.imported();
                        skipped += result.skipped();
                        if (result.acknowledgedUid() > lastUid) lastUid = result.acknowledgedUid();
                        if (result.stop() || stopping || Instant.now().isAfter(deadline)) break;
                    }
                }
            } finally {
                if (fetcher != null) fetcher.stop();
                if (folder.isOpen()) folder.close(false);
            }
        }
        if (imported > 0) log.info("Mailbox {}: {} new mails became messages", channelId, imported);
        return new Polled(imported, skipped, lastUid, null);
    }

    /**
     * Brings the mails from the server on a thread of its own, a few chunks ahead of the import, so the
     * server's work and the desk's overlap. Only this thread uses the folder until {@link #stop} returns.
     */
    private final class Fetcher {

        private static final Object END = new Object();

        private final IMAPFolder folder;
        private final List<Message> messages;
        private final Instant deadline;
        private final java.util.concurrent.BlockingQueue<Object> ready =
                new java.util.concurrent.ArrayBlockingQueue<>(Math.max(2, FETCH_GROUP / CHUNK));
        private final Thread thread;
        private volatile boolean stopped;

        Fetcher(IMAPFolder folder, List<Message> messages, Instant deadline) {
            this.folder = folder;
            this.messages = messages;
            this.deadline = deadline;
            this.thread = new Thread(this::run, "email-fetch");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            Object last = END;
            try {
                int start = 0;
                while (start < messages.size()
                        && !stopped
                        && !stopping
                        && Instant.now().isBefore(deadline)) {
                    int end = start;
                    long bytes = 0;
                    while (end < messages.size()
                            && end - start < FETCH_GROUP
                            && (end == start || bytes < FETCH_BYTES)) {
                        bytes += Math.min(size(messages.get(end)), maxMailBytes);
                        end++;
                    }
                    List<EmailImport.Fetched> group = fetch(folder, messages.subList(start, end));
                    for (int i = 0; i < group.size() && !stopped; i += CHUNK) {
                        put(new ArrayList<>(group.subList(i, Math.min(group.size(), i + CHUNK))));
                    }
                    start = end;
                }
            } catch (MessagingException | RuntimeException e) {
                last = e;
            } catch (InterruptedException e) {
                // stopped
            } finally {
                try {
                    put(last);
                } catch (InterruptedException e) {
                    // the reader is gone
                }
            }
        }

        private void put(Object item) throws InterruptedException {
            while (!stopped) {
                if (ready.offer(item, 200, java.util.concurrent.TimeUnit.MILLISECONDS)) return;
            }
        }

        /** The next chunk in UID order, or null when all are read; a failure of the server is thrown here. */
        @SuppressWarnings("unchecked")
        List<EmailImport.Fetched> next() throws MessagingException {
            Object item;
            try {
                item = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (item == END) return null;
            if (item instanceof MessagingException e) throw e;
            if (item instanceof RuntimeException e) throw e;
            return (List<EmailImport.Fetched>) item;
        }

        void stop() {
            stopped = true;
            ready.clear();
            try {
                thread.join(MailServers.READ_TIMEOUT_MS + 5_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The last UID read under this UIDVALIDITY; a new UIDVALIDITY (or folder) starts from the beginning. */
    private long bookkeeping(UUID channelId, String folder, long validity) {
        var row = jdbc.sql("select folder, uid_validity, last_uid from email_mailbox where channel_id = ?")
                .param(channelId)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getObject(2, Long.class), rs.getLong(3)})
                .single();
        Long stored = (Long) row[1];
        if (stored != null && stored == validity && folder.equals(row[0])) return (Long) row[2];
        if (stored != null) {
            log.warn(
                    "Mailbox {}: folder {} has a new UIDVALIDITY ({} → {}) or was changed; reading it all again, known mails are skipped",
                    channelId,
                    folder,
                    stored,
                    validity);
        }
        jdbc.sql("update email_mailbox set folder = ?, uid_validity = ?, last_uid = 0 where channel_id = ?")
                .params(folder, validity, channelId)
                .update();
        return 0;
    }

    private List<EmailImport.Fetched> fetch(IMAPFolder folder, List<Message> chunk) throws MessagingException {
        List<Message> whole =
                chunk.stream().filter(m -> size(m) <= maxMailBytes).toList();
        FetchProfile all = new FetchProfile();
        all.add(IMAPFolder.FetchProfileItem.MESSAGE);
        if (!whole.isEmpty()) folder.fetch(whole.toArray(Message[]::new), all);
        List<EmailImport.Fetched> fetched = new ArrayList<>();
        for (Message m : chunk) {
            long uid = uid(folder, m);
            Instant received = null;
            try {
                if (m.getReceivedDate() != null) received = m.getReceivedDate().toInstant();
            } catch (MessagingException e) {
                // the mail's own Date header is used instead
            }
            try {
                boolean truncated = size(m) > maxMailBytes;
                byte[] raw = truncated ? beginning((IMAPMessage) m) : whole((IMAPMessage) m);
                fetched.add(new EmailImport.Fetched(uid, raw, truncated, received));
                // The folder keeps every message object until it closes: let go of the copy it holds.
                ((IMAPMessage) m).invalidateHeaders();
            } catch (MessagingException | IOException | RuntimeException e) {
                if (e instanceof jakarta.mail.FolderClosedException || e instanceof jakarta.mail.StoreClosedException)
                    throw (MessagingException) e;
                // The server could not give this one mail: what it says about it is kept, the rest goes on.
                log.warn("Mail uid {} could not be fetched: {}", uid, e.toString());
                String note = "Subject: (mail uid " + uid + " could not be fetched: " + e.getMessage() + ")\r\n\r\n"
                        + "Palvelin ei antanut viestiä / The server did not hand out this mail: " + e;
                fetched.add(new EmailImport.Fetched(uid, note.getBytes(StandardCharsets.UTF_8), true, received));
            }
        }
        return fetched;
    }

    private static byte[] whole(IMAPMessage m) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
        m.writeTo(out);
        return out.toByteArray();
    }

    /** The header block and the beginning of the body of a mail over the size limit. */
    private byte[] beginning(IMAPMessage m) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Enumeration<String> lines = m.getAllHeaderLines();
        while (lines.hasMoreElements()) out.write((lines.nextElement() + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        try (InputStream body = m.getRawInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long left = Math.min(maxMailBytes, 2L * 1024 * 1024);
            int n;
            while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                out.write(buffer, 0, n);
                left -= n;
            }
        } catch (UnsupportedEncodingException e) {
            // headers are kept even when the body cannot be streamed
        }
        return out.toByteArray();
    }

    private static long size(Message m) {
        try {
            return m.getSize();
        } catch (MessagingException e) {
            return 0;
        }
    }

    private static long uid(IMAPFolder folder, Message m) {
        try {
            return folder.getUID(m);
        } catch (MessagingException e) {
            return -1;
        }
    }
}
