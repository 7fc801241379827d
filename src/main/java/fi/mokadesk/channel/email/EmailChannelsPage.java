package fi.mokadesk.channel.email;

import fi.mokadesk.channel.Channels;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The email part of the channels page: adding a mailbox and changing its settings. */
@Controller
class EmailChannelsPage {

    private static final Logger log = LoggerFactory.getLogger(EmailChannelsPage.class);

    private final Channels channels;

    EmailChannelsPage(Channels channels) {
        this.channels = channels;
    }

    @PostMapping("/admin/channels/email")
    String add(@RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        return then(redirect, () -> channels.create("email", form.getFirst("name"), settings(form, false)));
    }

    @PostMapping("/admin/channels/email/{id}")
    String edit(@PathVariable UUID id, @RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        return then(redirect, () -> channels.update(id, form.getFirst("name"), settings(form, true)));
    }

    /**
     * The form's fields as settings. Empty fields are left out, so defaults apply; when editing, an empty
     * optional field clears the setting and an empty secret keeps the stored one.
     */
    private static Map<String, Object> settings(MultiValueMap<String, String> form, boolean editing) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String name : EmailSettings.NAMES) {
            String value = form.getFirst(name);
            if (value != null && !value.isBlank()) settings.put(name, value);
            else if (editing && !EmailSettings.SECRETS.contains(name)) settings.put(name, null);
        }
        return settings;
    }

    private static String then(RedirectAttributes redirect, Runnable change) {
        try {
            change.run();
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInput | NotFound e) {
            log.info("Email channel not saved: {}", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/channels";
    }
}
