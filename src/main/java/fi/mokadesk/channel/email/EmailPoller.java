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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads new mail from every enabled email channel's IMAP folder, by UID. The folder is opened read-only:
 * Mokadesk never changes the mailbox. What was read is remembered per channel as (UIDVALIDITY, last UID);
 * when the server renumbers the folder (a new UIDVALIDITY) everything is read again and the Message-ID +
 * content key drops what is already here. One mailbox is read by one thread at a time; the job itself runs
 * on one node of the cluster at a time (db-scheduler).
 */
@Component
class EmailPoller {

    private static final Logger log = LoggerFactory.getLogger(EmailPoller.class);
    static final int CHUNK = 100;
    private static final Duration BUDGET = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final Channels channels;
    private final MailServers servers;
    private final EmailImport importer;
    private final long maxMailBytes;
    private final Map<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();

    EmailPoller(
            JdbcClient jdbc,
            Channels channels,
            MailServers servers,
            EmailImport importer,
            @Value("${mokadesk.email.max-mail-bytes:26214400}") long maxMailBytes) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.servers = servers;
        this.importer = importer;
        this.maxMailBytes = maxMailBytes;
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

    /** What one poll did. */
    record Polled(int imported, int skipped, long lastUid, String error) {}

    /** Reads the channel's new mail now, in the current workspace. */
    Polled poll(UUID channelId) {
        ReentrantLock lock = locks.computeIfAbsent(channelId, id -> new ReentrantLock());
        if (!lock.tryLock()) return new Polled(0, 0, -1, null); // being read right now
        try {
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
                recovered(channelId);
                return polled;
            } catch (MessagingException | UnknownHostException e) {
                String why = MailServers.explain("IMAP", settings.imapHost(), settings.imapPort(), e);
                channels.setHealth(channelId, Health.error(why));
                return new Polled(0, 0, -1, why);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A successful read ends an IMAP error; the state set by the last full check (e.g. a warning that no
     * SMTP server is set, or an SMTP error) is left alone, as polling says nothing about sending.
     */
    private void recovered(UUID channelId) {
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

    private Polled read(UUID channelId, EmailSettings settings) throws MessagingException, UnknownHostException {
        Instant deadline = Instant.now().plus(BUDGET);
        int imported = 0, skipped = 0;
        long lastUid;
        try (Store store = servers.imap(settings)) {
            IMAPFolder folder = (IMAPFolder) store.getFolder(settings.folder());
            folder.open(Folder.READ_ONLY);
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
                for (int start = 0; start < fresh.size() && Instant.now().isBefore(deadline); start += CHUNK) {
                    List<Message> chunk = fresh.subList(start, Math.min(fresh.size(), start + CHUNK));
                    List<EmailImport.Fetched> fetched = fetch(folder, chunk);
                    EmailImport.Result result = importer.importMails(channelId, validity, fetched);
                    imported += result.imported();
                    skipped += result.skipped();
                    if (result.acknowledgedUid() > lastUid) lastUid = result.acknowledgedUid();
                    if (result.stop()) break;
                }
            } finally {
                if (folder.isOpen()) folder.close(false);
            }
        }
        if (imported > 0) log.info("Mailbox {}: {} new mails became messages", channelId, imported);
        return new Polled(imported, skipped, lastUid, null);
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
