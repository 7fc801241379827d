package fi.mokadesk.channel.form;

import fi.mokadesk.channel.Channels;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A form's health history over the JSON API (admin token): its checks and its outage reports. */
@RestController
@RequestMapping("/api/v1/channels/{id}")
class FormChecksApi {

    private final Channels channels;
    private final FormMonitor monitor;

    FormChecksApi(Channels channels, FormMonitor monitor) {
        this.channels = channels;
        this.monitor = monitor;
    }

    @GetMapping("/checks")
    Map<String, List<FormMonitor.Check>> checks(@PathVariable UUID id, @RequestParam(defaultValue = "100") int limit) {
        form(id);
        return Map.of("checks", monitor.checks(id, Math.max(1, Math.min(limit, 1000))));
    }

    @GetMapping("/outages")
    Map<String, List<FormMonitor.Outage>> outages(@PathVariable UUID id, @RequestParam(defaultValue = "20") int limit) {
        form(id);
        return Map.of("outages", monitor.outages(id, Math.max(1, Math.min(limit, 100))));
    }

    private void form(UUID id) {
        Access.require(Role.ADMIN);
        if (!FormChannel.TYPE.equals(channels.get(id).type())) {
            throw new InvalidInput("id", "is not a contact form; only forms have health checks");
        }
    }
}
