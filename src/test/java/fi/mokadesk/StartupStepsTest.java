package fi.mokadesk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.jfr.FlightRecorderApplicationStartup;

class StartupStepsTest {

    @AfterEach
    void clear() {
        System.clearProperty("mokadesk.startup-steps");
    }

    @Test
    void aPlainStartRecordsNoSteps() {
        assertThat(MokadeskApplication.application().getApplicationStartup()).isSameAs(ApplicationStartup.DEFAULT);
    }

    @Test
    void theSwitchTurnsEveryStepIntoAFlightRecorderEvent() {
        System.setProperty("mokadesk.startup-steps", "true");
        assertThat(MokadeskApplication.application().getApplicationStartup())
                .isInstanceOf(FlightRecorderApplicationStartup.class);
    }
}
