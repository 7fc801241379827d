package fi.mokadesk.channel.email;

import fi.mokadesk.channel.Channels;
import fi.mokadesk.workspace.Access;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * IMAP IDLE: new mail is imported within seconds of arriving instead of at the next poll. For each enabled
 * email channel whose server has IDLE, one connection in the whole cluster waits in IDLE on the folder
 * ({@link MailboxLocks}: the node that holds the channel's IDLE lock keeps it); when the server announces
 * new mail, the mailbox is read through {@link EmailPoller#poll}, which lets one reader at a time in. The
 * poll job goes on at {@code pollSeconds} as a safety net, and is all there is for a server without IDLE.
 *
 * <p>A supervisor looks every {@link #SUPERVISE} at the channels: it starts a watcher for a new or changed
 * channel, stops the watcher of a disabled, deleted or changed one, and every {@link #REFRESH} interrupts
 * each IDLE so the connection stays fresh (servers drop an IDLE after 30 minutes). On shutdown every watcher
 * leaves IDLE and logs out.
 */
@Component
class EmailIdle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmailIdle.class);
    static final Duration SUPERVISE = Duration.ofSeconds(5);
    static final Duration REFRESH = Duration.ofMinutes(10);
    /** An IDLE connection hears nothing between refreshes; its reads may wait that long and more. */
    private static final int IDLE_READ_TIMEOUT_MS = (int) REFRESH.plusMinutes(5).toMillis();
    /** After a server without IDLE, or a failure, the channel is tried again this much later. */
    private static final Duration RETRY = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final Channels channels;
    private final MailServers servers;
    private final EmailPoller poller;
    private final MailboxLocks locks;
    private final boolean enabled;
    private final Map<UUID, Watch> watches = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> notBefore = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "email-idle");
        t.setDaemon(true);
        return t;
    });
    private ScheduledExecutorService supervisor;
    private volatile boolean running;

    EmailIdle(
            JdbcClient jdbc,
            Channels channels,
            MailServers servers,
            EmailPoller poller,
            MailboxLocks locks,
            @Value("${mokadesk.email.idle:true}") boolean enabled) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.servers = servers;
        this.poller = poller;
        this.locks = locks;
        this.enabled = enabled;
    }

    @Override
    public synchronized void start() {
        if (running) return;
        running = true;
        if (!enabled) {
            log.info("IMAP IDLE is off on this node (MOKADESK_EMAIL_IDLE=false); mailboxes are polled");
            return;
        }
        supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "email-idle-supervisor");
            t.setDaemon(true);
            return t;
        });
        supervisor.scheduleWithFixedDelay(this::supervise, 2, SUPERVISE.toSeconds(), TimeUnit.SECONDS);
        supervisor.scheduleWithFixedDelay(this::refresh, REFRESH.toSeconds(), REFRESH.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public synchronized void stop() {
        if (!running) return;
        running = false;
        if (supervisor != null) supervisor.shutdownNow();
        watches.values().forEach(Watch::stop);
        watches.clear();
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Channels being watched on this node right now (for tests and the log). */
    Set<UUID> watching() {
        return watches.entrySet().stream()
                .filter(e -> e.getValue().idling)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private record Enabled(UUID workspaceId, UUID channelId) {}

    /** Starts and stops watchers so that they match the enabled channels and their settings. */
    void supervise() {
        try {
            List<Enabled> mailboxes = jdbc.sql("select workspace_id, channel_id from email_channels_to_poll()")
                    .query((rs, i) -> new Enabled(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                    .list();
            Set<UUID> wanted = mailboxes.stream().map(Enabled::channelId).collect(Collectors.toSet());
            for (var entry : watches.entrySet()) {
                if (!wanted.contains(entry.getKey()) || entry.getValue().finished()) {
                    entry.getValue().stop();
                    watches.remove(entry.getKey());
                }
            }
            for (Enabled e : mailboxes) {
                if (!running) return;
                Optional<EmailSettings> settings = Access.callAs(
                        Access.system(e.workspaceId(), "email-idle"),
                        () -> channels.settingsForWork(e.channelId()).map(EmailSettings::of));
                Watch current = watches.get(e.channelId());
                boolean wants = settings.isPresent()
                        && !Boolean.FALSE.equals(settings.get().idle());
                if (current != null && (!wants || !current.settings.equals(settings.get()))) {
                    current.stop(); // switched off or changed: a changed mailbox gets a new connection
                    watches.remove(e.channelId());
                    current = null;
                }
                if (current != null || !wants) continue;
                Instant wait = notBefore.get(e.channelId());
                if (wait != null && Instant.now().isBefore(wait)) continue;
                if (!locks.tryLock(MailboxLocks.Purpose.IDLE, e.channelId())) continue; // another node watches it
                Watch watch = new Watch(e.workspaceId(), e.channelId(), settings.get());
                watches.put(e.channelId(), watch);
                threads.execute(watch::run);
            }
        } catch (RuntimeException e) {
            log.warn("Email IDLE supervisor: {}", e.toString());
        }
    }

    /** Ends every IDLE briefly: the watcher checks its lock and goes back into IDLE on a fresh command. */
    private void refresh() {
        watches.values().forEach(Watch::kick);
    }

    /** One channel's IDLE connection and the imports it triggers. */
    private final class Watch {

        final UUID workspaceId;
        final UUID channelId;
        final EmailSettings settings;
        private final AtomicBoolean pending = new AtomicBoolean();
        private final AtomicBoolean importing = new AtomicBoolean();
        private volatile boolean stopped;
        private volatile boolean done;
        volatile boolean idling;
        private volatile IMAPFolder folder;

        Watch(UUID workspaceId, UUID channelId, EmailSettings settings) {
            this.workspaceId = workspaceId;
            this.channelId = channelId;
            this.settings = settings;
        }

        boolean finished() {
            return done;
        }

        void run() {
            try (Store store = servers.imap(settings, IDLE_READ_TIMEOUT_MS)) {
                if (!(store instanceof IMAPStore imap) || !imap.hasCapability("IDLE")) {
                    log.info(
                            "Mailbox {}: the server {} has no IMAP IDLE; new mail is read every {} s",
                            channelId,
                            settings.imapHost(),
                            settings.pollSeconds());
                    notBefore.put(channelId, Instant.now().plus(Duration.ofHours(1)));
                    return;
                }
                IMAPFolder opened = (IMAPFolder) store.getFolder(settings.folder());
                opened.open(Folder.READ_ONLY);
                opened.addMessageCountListener(new MessageCountAdapter() {
                    @Override
                    public void messagesAdded(MessageCountEvent event) {
                        signal();
                    }
                });
                folder = opened;
                log.info("Mailbox {}: waiting for new mail with IMAP IDLE", channelId);
                signal(); // what came while nobody was watching
                while (!stopped && opened.isOpen()) {
                    if (!locks.held(MailboxLocks.Purpose.IDLE, channelId)) {
                        log.info("Mailbox {}: IDLE lock lost; another node may take over", channelId);
                        break;
                    }
                    idling = true;
                    opened.idle(false); // returns when another thread uses the folder (a refresh or stop)
                    // A command after IDLE also hears of mail that came while none was running.
                    if (!stopped) opened.getMessageCount();
                }
            } catch (MessagingException | UnknownHostException | RuntimeException e) {
                if (!stopped) {
                    // The poll job reports the mailbox's state; this only waits and tries again.
                    log.info("Mailbox {}: IDLE connection ended ({}); trying again later", channelId, e.toString());
                    notBefore.put(channelId, Instant.now().plus(RETRY));
                }
            } finally {
                idling = false;
                folder = null;
                done = true;
                locks.unlock(MailboxLocks.Purpose.IDLE, channelId);
            }
        }

        /** New mail was announced: read the mailbox (once more if more is announced meanwhile). */
        void signal() {
            pending.set(true);
            if (importing.compareAndSet(false, true)) {
                try {
                    threads.execute(this::drain);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    importing.set(false); // shutting down
                }
            }
        }

        private void drain() {
            try {
                while (!stopped && pending.getAndSet(false)) read();
            } finally {
                importing.set(false);
                if (pending.get() && !stopped) signal();
            }
        }

        /** Reads the mailbox; when another reader has it right now, waits for it and reads after it. */
        private void read() {
            for (int attempt = 0; attempt < 300 && !stopped; attempt++) {
                EmailPoller.Polled polled =
                        Access.callAs(Access.system(workspaceId, "email-idle"), () -> poller.poll(channelId));
                if (!polled.busy()) return;
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Ends the current IDLE; the watcher goes back into it. */
        void kick() {
            IMAPFolder f = folder;
            if (f == null) return;
            try {
                f.getMessageCount(); // any command on the folder from another thread ends IDLE first
            } catch (MessagingException | RuntimeException e) {
                // the watcher notices a broken connection itself
            }
        }

        void stop() {
            stopped = true;
            IMAPFolder f = folder;
            if (f != null) {
                try {
                    f.close(false); // ends IDLE, then closes the folder; the watcher logs out
                } catch (MessagingException | RuntimeException e) {
                    // already closed or broken
                }
            }
        }
    }
}
