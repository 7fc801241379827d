package fi.mokadesk.reply;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Drafts a stopped desk left in {@code sending} are resolved at start and then every minute, by one node at a
 * time (db-scheduler): only those in {@code sending} for longer than {@code mokadesk.reply.sending-timeout}
 * (default two minutes, far longer than a send takes), so a send still under way is never touched.
 */
@Configuration(proxyBeanMethods = false)
class SendingRecovery {

    @Bean
    RecurringTask<Void> replyDraftsLeftSending(
            ReplyDrafts drafts, @Value("${mokadesk.reply.sending-timeout:2m}") Duration timeout) {
        return Tasks.recurring("reply-drafts-left-sending", FixedDelay.ofMinutes(1))
                .execute((instance, context) -> drafts.resolveLeftSending(timeout));
    }
}
