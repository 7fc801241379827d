package fi.mokadesk.channel;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The admin page Kanavat / Channels: the workspace's channels with their health, add, edit, disable. */
@Controller
class ChannelsController {

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("d.M.yyyy HH:mm");
    private final Channels channels;
    private final Workspaces workspaces;

    ChannelsController(Channels channels, Workspaces workspaces) {
        this.channels = channels;
        this.workspaces = workspaces;
    }

    /** A channel as a row of the page. */
    record Row(Channels.ChannelView channel, String since, String webhookUrl, boolean secretSet) {}

    @GetMapping("/admin/channels")
    String page(Model model) {
        Access.require(Role.ADMIN);
        ZoneId zone = workspaces.timeZone();
        model.addAttribute(
                "channels",
                channels.list().stream()
                        .map(c -> new Row(
                                c,
                                c.statusSince() == null
                                        ? ""
                                        : SINCE.format(c.statusSince().atZoneSameInstant(zone)),
                                c.settings().get("webhookUrl") instanceof String url ? url : "",
                                c.settings().get("webhookSecret") instanceof Map<?, ?> secret
                                        && Boolean.TRUE.equals(secret.get("set"))))
                        .toList());
        return "admin/channels";
    }

    @PostMapping("/admin/channels")
    String add(
            @RequestParam(defaultValue = "api") String type,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String webhookUrl,
            @RequestParam(defaultValue = "") String webhookSecret,
            RedirectAttributes redirect) {
        return then(redirect, () -> channels.create(type, name, settings(webhookUrl, webhookSecret)));
    }

    @PostMapping("/admin/channels/{id}")
    String edit(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String webhookUrl,
            @RequestParam(defaultValue = "") String webhookSecret,
            RedirectAttributes redirect) {
        return then(redirect, () -> {
            Map<String, Object> settings = settings(webhookUrl, webhookSecret);
            // An empty URL field clears the URL; an empty secret field keeps the stored secret.
            if (!settings.containsKey("webhookUrl")) settings.put("webhookUrl", null);
            channels.update(id, name, settings);
        });
    }

    @PostMapping("/admin/channels/{id}/disable")
    String disable(@PathVariable UUID id, RedirectAttributes redirect) {
        return then(redirect, () -> channels.setEnabled(id, false));
    }

    @PostMapping("/admin/channels/{id}/enable")
    String enable(@PathVariable UUID id, RedirectAttributes redirect) {
        return then(redirect, () -> channels.setEnabled(id, true));
    }

    private static Map<String, Object> settings(String webhookUrl, String webhookSecret) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (!webhookUrl.isBlank()) settings.put("webhookUrl", webhookUrl);
        if (!webhookSecret.isBlank()) settings.put("webhookSecret", webhookSecret);
        return settings;
    }

    private static String then(RedirectAttributes redirect, Runnable change) {
        try {
            change.run();
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInput | NotFound e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/channels";
    }
}
