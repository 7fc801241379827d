package fi.mokadesk.channel.form;

import java.util.UUID;
import org.springframework.stereotype.Component;

/** For tests outside this package (the browser tests): one health check of a form, now. */
@Component
public class FormChecks {

    private final FormMonitor monitor;

    FormChecks(FormMonitor monitor) {
        this.monitor = monitor;
    }

    /** Whether the check passed. */
    public boolean check(UUID workspace, UUID channelId) {
        return monitor.check(workspace, channelId).orElseThrow().ok();
    }
}
