package fi.mokadesk.channel.feed;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Feed sources are looked at every 15 seconds by one node of the cluster at a time (db-scheduler); each is
 * read only when its own time has come (see {@link FeedPoller}). {@code mokadesk.feed.background=false}
 * turns it off (tests drive the poller).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mokadesk.feed.background", havingValue = "true", matchIfMissing = true)
class FeedSchedule {

    @Bean
    RecurringTask<Void> feedPoll(FeedPoller poller) {
        return Tasks.recurring("feed-poll", FixedDelay.ofSeconds(15)).execute((instance, context) -> poller.pollDue());
    }
}
