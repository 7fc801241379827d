package fi.mokadesk.storm;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Storm detection runs every 30 seconds and old counts are rolled up once a day, each on one node of the
 * cluster at a time (db-scheduler); notifications leave through the outbox's own job.
 * {@code mokadesk.storms.background=false} turns them off (tests drive them directly).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mokadesk.storms.background", havingValue = "true", matchIfMissing = true)
class StormSchedule {

    @Bean
    RecurringTask<Void> stormDetection(StormWatch watch) {
        Clock clock = Clock.systemUTC();
        return Tasks.recurring("storm-detection", FixedDelay.ofSeconds(30))
                .execute((instance, context) -> watch.detect(clock.instant()));
    }

    /** Once a day: 5-minute counts older than 13 months are rolled up to hours. */
    @Bean
    RecurringTask<Void> stormRetentionTask(StormRetention retention) {
        Clock clock = Clock.systemUTC();
        return Tasks.recurring("storm-retention", FixedDelay.ofHours(24))
                .execute((instance, context) -> retention.rollUp(clock.instant()));
    }
}
