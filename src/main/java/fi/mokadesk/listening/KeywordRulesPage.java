package fi.mokadesk.listening;

import fi.mokadesk.channel.Channels;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page Avainsanat / Keyword rules (leads and admins): the rules with their terms, add, change, delete.
 * Terms are typed one per line or separated by commas.
 */
@Controller
class KeywordRulesPage {

    private static final Logger log = LoggerFactory.getLogger(KeywordRulesPage.class);

    private final KeywordRules rules;
    private final Channels channels;

    KeywordRulesPage(KeywordRules rules, Channels channels) {
        this.rules = rules;
        this.channels = channels;
    }

    /** A rule as a row: terms and excludes as the text fields show them, and the channel names it is limited to. */
    record Row(KeywordRules.RuleView rule, String terms, String exclude, List<String> channelNames) {}

    @GetMapping("/admin/keyword-rules")
    String page(Model model) {
        Access.require(Role.LEAD);
        model.addAttribute(
                "rules",
                rules.list().stream()
                        .map(r -> new Row(
                                r,
                                String.join("\n", r.terms()),
                                String.join("\n", r.exclude()),
                                r.channels() instanceof List<?> ids
                                        ? ids.stream()
                                                .map(id -> channels.nameOf((UUID) id)
                                                        .orElse(String.valueOf(id)))
                                                .toList()
                                        : List.of()))
                        .toList());
        return "admin/keyword-rules";
    }

    @PostMapping("/admin/keyword-rules")
    String add(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String terms,
            @RequestParam(defaultValue = "") String exclude,
            @RequestParam(defaultValue = "false") boolean foldDiacritics,
            RedirectAttributes redirect) {
        return then(redirect, () -> rules.create(body(name, terms, exclude, foldDiacritics)));
    }

    @PostMapping("/admin/keyword-rules/{id}")
    String edit(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String terms,
            @RequestParam(defaultValue = "") String exclude,
            @RequestParam(defaultValue = "false") boolean foldDiacritics,
            RedirectAttributes redirect) {
        return then(redirect, () -> rules.update(id, body(name, terms, exclude, foldDiacritics)));
    }

    @PostMapping("/admin/keyword-rules/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        return then(redirect, () -> rules.delete(id));
    }

    private static Map<String, Object> body(String name, String terms, String exclude, boolean fold) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("terms", split(terms));
        body.put("exclude", split(exclude));
        body.put("foldDiacritics", fold);
        return body;
    }

    /** One term per line, or several on a line separated by commas. */
    static List<String> split(String text) {
        return Arrays.stream(text.split("[\\r\\n,]+"))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .toList();
    }

    private static String then(RedirectAttributes redirect, Runnable change) {
        try {
            change.run();
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInput | NotFound e) {
            log.info("Keyword rule not saved: {}", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/keyword-rules";
    }
}
