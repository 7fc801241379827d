package fi.mokadesk.channel.form;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The form health checks run every {@code MOKADESK_FORM_CHECK_MINUTES} (default 10) and stored submissions
 * that are not yet conversations are handed over again every 30 seconds, each on one node of the cluster
 * at a time (db-scheduler). {@code mokadesk.form.background=false} turns both off (tests drive them).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mokadesk.form.background", havingValue = "true", matchIfMissing = true)
class FormSchedule {

    @Bean
    RecurringTask<Void> formHealthChecks(FormMonitor monitor, @Value("${mokadesk.form.check-minutes:10}") int minutes) {
        return Tasks.recurring("form-health-check", FixedDelay.ofMinutes(Math.max(1, minutes)))
                .execute((instance, context) -> monitor.checkAll());
    }

    @Bean
    RecurringTask<Void> formPendingSubmissions(FormSubmissions submissions, FormDirectory directory) {
        return Tasks.recurring("form-pending-submissions", FixedDelay.ofSeconds(30))
                .execute((instance, context) -> submissions.retryPending(directory));
    }
}
