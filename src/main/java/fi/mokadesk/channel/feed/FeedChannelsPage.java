package fi.mokadesk.channel.feed;

import fi.mokadesk.channel.Channels;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The feed part of the channels page: adding a feed source and changing its address or interval. */
@Controller
class FeedChannelsPage {

    private static final Logger log = LoggerFactory.getLogger(FeedChannelsPage.class);

    private final Channels channels;
    private final FeedPoller poller;

    FeedChannelsPage(Channels channels, FeedPoller poller) {
        this.channels = channels;
        this.poller = poller;
    }

    @PostMapping("/admin/channels/feed")
    String add(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String url,
            @RequestParam(defaultValue = "") String pollMinutes,
            RedirectAttributes redirect) {
        return then(redirect, () -> channels.create("feed", name, settings(url, pollMinutes)));
    }

    @PostMapping("/admin/channels/feed/{id}")
    String edit(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String url,
            @RequestParam(defaultValue = "") String pollMinutes,
            RedirectAttributes redirect) {
        return then(redirect, () -> channels.update(id, name, settings(url, pollMinutes)));
    }

    /** Reads the feed now instead of at its next time, e.g. after fixing its address. */
    @PostMapping("/admin/channels/feed/{id}/poll")
    String pollNow(@PathVariable UUID id, RedirectAttributes redirect) {
        return then(redirect, () -> {
            channels.get(id); // admins only, and a 404 for another workspace's channel
            poller.poll(id);
        });
    }

    private static Map<String, Object> settings(String url, String pollMinutes) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url);
        if (!pollMinutes.isBlank()) settings.put("pollMinutes", pollMinutes);
        return settings;
    }

    private static String then(RedirectAttributes redirect, Runnable change) {
        try {
            change.run();
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInput | NotFound e) {
            log.info("Feed channel not saved: {}", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/channels";
    }
}
