package fi.mokadesk.channel.email;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mailboxes are looked at every second by one node of the cluster at a time (db-scheduler); each is read
 * only when its own {@code pollSeconds} have passed.
 */
@Configuration(proxyBeanMethods = false)
class EmailSchedule {

    @Bean
    RecurringTask<Void> emailPoll(EmailPoller poller) {
        return Tasks.recurring("email-poll", FixedDelay.ofSeconds(1)).execute((instance, context) -> poller.pollDue());
    }
}
