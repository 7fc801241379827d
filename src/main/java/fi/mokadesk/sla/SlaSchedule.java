package fi.mokadesk.sla;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SLA sweep runs every {@code mokadesk.sla.sweep-interval} (5 s) on one node of the cluster at a time
 * (db-scheduler). With db-scheduler's 1 s polling a due breach is told within about 6 s.
 * {@code mokadesk.sla.background=false} turns it off (tests drive the sweep directly).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mokadesk.sla.background", havingValue = "true", matchIfMissing = true)
class SlaSchedule {

    @Bean
    RecurringTask<Void> slaSweepTask(SlaSweep sweep, @Value("${mokadesk.sla.sweep-interval:5s}") Duration interval) {
        return Tasks.recurring("sla-sweep", FixedDelay.of(interval)).execute((instance, context) -> sweep.sweep());
    }
}
