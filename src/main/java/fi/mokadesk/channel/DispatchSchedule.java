package fi.mokadesk.channel;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The outbox is drained every second by one node of the cluster at a time (db-scheduler); the claim's
 * {@code SKIP LOCKED} keeps even two concurrent runs from sending a row twice.
 */
@Configuration(proxyBeanMethods = false)
class DispatchSchedule {

    @Bean
    RecurringTask<Void> outboxDispatch(OutboxDispatcher dispatcher) {
        return Tasks.recurring("outbox-dispatch", FixedDelay.ofSeconds(1))
                .execute((instance, context) -> dispatcher.dispatchDue());
    }
}
