package fi.mokadesk.workspace;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Failed sign-in counts of passed windows are deleted every five minutes, by one node at a time. */
@Configuration(proxyBeanMethods = false)
class SignInSchedule {

    @Bean
    RecurringTask<Void> signInFailureCleanup(LoginThrottle throttle) {
        return Tasks.recurring("sign-in-failure-cleanup", FixedDelay.ofMinutes(5))
                .execute((instance, context) -> throttle.cleanup());
    }
}
