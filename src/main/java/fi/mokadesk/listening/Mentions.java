package fi.mokadesk.listening;

import fi.mokadesk.channel.MentionRules;
import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.MessageReceived;
import fi.mokadesk.conversation.Views;
import fi.mokadesk.database.Tenant;
import fi.mokadesk.workspace.Access;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keyword rules at work: they decide which feed entries are mentions ({@link MentionRules}, asked by the feed
 * channel), and they tag the conversations of every other channel whose customer messages mention a rule's
 * brand, so one inbox tag filter shows all mentions of it. Messages are matched off the ingest path: the
 * event only queues the text (ingest is never slowed by the rules), one worker matches and tags.
 */
@Component
class Mentions implements MentionRules, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Mentions.class);
    static final String ACTOR = "listening";
    private static final int MAX_TAGS = 20;
    private static final long GATHER_MILLIS = 50;

    private record Job(UUID workspace, UUID conversation, UUID message, String channel, String text, Instant at) {}

    private final RuleCache cache;
    private final Conversations conversations;
    private final ApplicationEventPublisher events;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>(50_000);
    private final Thread worker;
    private volatile boolean running = true;

    Mentions(RuleCache cache, Conversations conversations, ApplicationEventPublisher events) {
        this.cache = cache;
        this.conversations = conversations;
        this.events = events;
        this.worker = new Thread(this::loop, "keyword-rules");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public List<Found> find(UUID channelId, String channelType, String text) {
        return cache.of(Tenant.require()).find(channelId, channelType, text).stream()
                .map(m -> new Found(m.rule(), m.start(), m.end()))
                .toList();
    }

    @Override
    public void mentioned(UUID conversationId, UUID messageId, List<String> rules, Instant receivedAt) {
        tag(Tenant.require(), conversationId, messageId, rules, receivedAt);
    }

    /** Feed entries are matched by the feed channel itself (by source); every other channel's messages here. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(MessageReceived received) {
        if ("feed".equals(received.channel()) || received.text() == null) return;
        if (!queue.offer(new Job(
                received.workspaceId(),
                received.conversationId(),
                received.messageId(),
                received.channel(),
                received.text(),
                received.receivedAt()))) {
            log.warn("Keyword rule queue full; message {} is not matched against the rules", received.messageId());
        }
    }

    private void loop() {
        List<Job> jobs = new ArrayList<>();
        while (running) {
            try {
                Job first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                // Under load a message arrives every half millisecond or so; woken for each one, the worker
                // would cost a thread switch per message, so it takes what gathered in a moment instead.
                Thread.sleep(GATHER_MILLIS);
                jobs.add(first);
                queue.drainTo(jobs, 1_000);
            } catch (InterruptedException e) {
                return;
            }
            for (Job job : jobs) {
                try {
                    match(job);
                } catch (RuntimeException e) {
                    log.warn("Matching a message against the keyword rules failed", e);
                }
            }
            jobs.clear();
        }
    }

    /** Matches one message and tags its conversation; true when a rule matched. */
    boolean match(Job job) {
        RuleCache.Compiled rules = cache.of(job.workspace());
        if (rules.isEmpty()) return false;
        List<Match> found = rules.find(null, job.channel(), job.text());
        if (found.isEmpty()) return false;
        LinkedHashSet<String> names = new LinkedHashSet<>();
        found.forEach(m -> names.add(m.rule()));
        tag(job.workspace(), job.conversation(), job.message(), List.copyOf(names), job.at());
        return true;
    }

    /** Adds the rules' names to the conversation's tags (as the automation), then tells storm detection. */
    private void tag(UUID workspace, UUID conversationId, UUID messageId, List<String> rules, Instant at) {
        Access.runAs(Access.system(workspace, ACTOR), () -> {
            Views.ConversationSummary summary =
                    conversations.get(conversationId).conversation();
            List<String> tags = new ArrayList<>(summary.tags());
            for (String rule : rules) {
                String tag = KeywordRules.tag(rule);
                if (!tags.contains(tag) && tags.size() < MAX_TAGS) tags.add(tag);
            }
            if (!tags.equals(summary.tags())) {
                conversations.change(conversationId, new Views.Change(null, null, null, tags));
            }
        });
        events.publishEvent(new KeywordMentioned(workspace, conversationId, messageId, rules, at));
    }

    @Override
    public void destroy() {
        running = false;
        worker.interrupt();
    }
}
