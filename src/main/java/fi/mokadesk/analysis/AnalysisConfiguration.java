package fi.mokadesk.analysis;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AnalysisConfiguration {

    /** The bundled models, loaded once at start-up and shared (the analyser is thread-safe). */
    @Bean
    MessageAnalyzer messageAnalyzer() {
        return MessageAnalyzer.loadDefault();
    }

    /** Once a minute, one node analyses customer messages that were missed. */
    @Bean
    RecurringTask<Void> analysisCatchUp(AnalysisPipeline pipeline) {
        return Tasks.recurring("analysis-catch-up", FixedDelay.ofMinutes(1))
                .execute((instance, context) -> pipeline.catchUp());
    }
}
