package fi.mokadesk.reply;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.kernel.AccessDeniedProblem;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

/**
 * The composer of the conversation page (fragments/composer.html): autosaved drafts with the coach's
 * findings as the agent types, review, sending, notes, templates and the AI suggestion. Every answer is a
 * piece of the composer; the conversation page itself belongs to the conversation module.
 *
 * <p>The composer form clears its text after any successful answer unless the answer carries
 * {@code X-Composer-Keep} (a refusal, a draft saved or submitted): the agent never loses what they wrote.
 */
@Controller
class ComposerController {

    private static final Logger log = LoggerFactory.getLogger(ComposerController.class);
    private static final String STATUS = "reply/composer :: status";

    private final ReplyDrafts drafts;
    private final ReplyTemplates templates;
    private final Conversations conversations;

    ComposerController(ReplyDrafts drafts, ReplyTemplates templates, Conversations conversations) {
        this.drafts = drafts;
        this.templates = templates;
        this.conversations = conversations;
    }

    /** The composer's state: my draft, its findings and review, colleagues' drafts. */
    @GetMapping("/conversations/{id}/composer/status")
    String status(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "false") boolean restore,
            Model model,
            HttpServletResponse response) {
        keep(response);
        model.addAttribute("restore", restore);
        return show(id, drafts.mineOpen(id), model);
    }

    /** Saves what the agent typed (debounced) and answers with the coach's findings. */
    @PostMapping("/conversations/{id}/composer/autosave")
    String autosave(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "reply") String type,
            @RequestParam(required = false) String draftId,
            Model model,
            HttpServletResponse response) {
        keep(response);
        if ("note".equals(type) || text.isBlank()) return show(id, current(id, draftId), model);
        try {
            return show(id, save(id, draftId, text), model);
        } catch (InvalidInput | IllegalDraftMove | AccessDeniedProblem e) {
            model.addAttribute("error", e.getMessage());
            return show(id, current(id, draftId), model);
        }
    }

    /** The composer's buttons: send (default), submit for review; or a note. */
    @PostMapping("/conversations/{id}/composer")
    String submit(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "reply") String type,
            @RequestParam(required = false) String draftId,
            @RequestParam(defaultValue = "send") String action,
            @RequestParam(defaultValue = "false") boolean confirm,
            @RequestParam(required = false) String override,
            Model model,
            HttpServletResponse response) {
        ReplyDrafts.DraftView draft = null;
        try {
            if ("note".equals(type)) {
                conversations.write(id, text, true);
                sent(response);
                return show(id, drafts.mineOpen(id), model);
            }
            draft = save(id, draftId, text);
            if ("submit".equals(action)) {
                keep(response);
                return show(id, drafts.submit(draft.id()), model);
            }
            ReplyDrafts.DraftView done =
                    drafts.send(draft.id(), confirm, override == null || override.isBlank() ? null : override);
            sent(response);
            model.addAttribute("justSent", done);
            return show(id, null, model);
        } catch (DraftRefused e) {
            keep(response);
            model.addAttribute("refusal", e.code());
            model.addAttribute("error", e.getMessage());
            model.addAttribute("details", e.details());
        } catch (InvalidInput | IllegalDraftMove | AccessDeniedProblem | NotFound e) {
            keep(response);
            model.addAttribute("error", e.getMessage());
        } catch (RuntimeException e) {
            keep(response);
            log.warn("Composer action {} failed in conversation {}: {}", action, id, e.toString());
            model.addAttribute("failed", true);
        }
        return show(id, draft == null ? current(id, draftId) : drafts.get(draft.id()), model);
    }

    /** Templates to insert, and the AI suggestion button when one is configured. */
    @GetMapping("/conversations/{id}/composer/tools")
    String tools(@PathVariable UUID id, Locale locale, Model model) {
        Access.require(Role.AGENT);
        List<ReplyTemplates.Template> all = templates.list(null);
        String lang = "en".equals(locale.getLanguage()) ? "en" : "fi";
        model.addAttribute(
                "templates",
                all.stream()
                        .sorted((a, b) -> Boolean.compare(
                                !a.language().equals(lang), !b.language().equals(lang)))
                        .toList());
        model.addAttribute("conversationId", id);
        model.addAttribute("aiEnabled", drafts.aiEnabled());
        model.addAttribute("holding", holdingReply(id, all, lang));
        return "reply/composer :: tools";
    }

    /**
     * The workspace's holding reply filled in for this conversation, in the customer's language (the page's
     * when the customer's cannot be told), for the composer's one-key insert; null when the workspace has none.
     */
    private String holdingReply(UUID id, List<ReplyTemplates.Template> all, String pageLanguage) {
        String customer = drafts.thread(id).lastCustomerText();
        String guessed = customer == null ? null : Language.guess(customer);
        String lang = "fi".equals(guessed) || "en".equals(guessed) ? guessed : pageLanguage;
        return all.stream()
                .filter(t -> "holding".equals(t.starter()))
                .sorted((a, b) -> Boolean.compare(
                        !a.language().equals(lang), !b.language().equals(lang)))
                .findFirst()
                .map(t -> ReplyTemplates.render(t, TemplateApi.values(conversations, id, Map.of())))
                .orElse(null);
    }

    /** A template filled in for this conversation: shown as a preview, inserted by the composer script. */
    @GetMapping("/conversations/{id}/composer/template")
    String template(
            @PathVariable UUID id,
            @RequestParam(required = false) UUID templateId,
            @RequestParam(name = "order_number", required = false) String orderNumber,
            @RequestParam(required = false) String link,
            Model model) {
        Access.require(Role.AGENT);
        if (templateId == null) return "reply/composer :: preview";
        Map<String, String> given = new HashMap<>();
        if (orderNumber != null && !orderNumber.isBlank()) given.put("order_number", orderNumber);
        if (link != null && !link.isBlank()) given.put("link", link);
        try {
            ReplyTemplates.Template template = templates.get(templateId);
            model.addAttribute(
                    "preview", ReplyTemplates.render(template, TemplateApi.values(conversations, id, given)));
        } catch (InvalidInput | NotFound e) {
            model.addAttribute("error", e.getMessage());
        }
        return "reply/composer :: preview";
    }

    /** Asks the configured model for a draft; on any failure the composer stays as it was. */
    @PostMapping("/conversations/{id}/composer/suggest")
    String suggest(@PathVariable UUID id, Model model, HttpServletResponse response) {
        keep(response);
        try {
            ReplyDrafts.DraftView draft = drafts.suggest(id);
            model.addAttribute("restore", true);
            model.addAttribute("replaceText", true);
            return show(id, draft, model);
        } catch (AiDrafts.Unavailable | NotFound e) {
            model.addAttribute("aiError", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("AI suggestion failed in conversation {}: {}", id, e.toString());
            model.addAttribute("aiError", e.getClass().getSimpleName());
        }
        return show(id, drafts.mineOpen(id), model);
    }

    private ReplyDrafts.DraftView save(UUID conversationId, String draftId, String text) {
        ReplyDrafts.DraftView existing = current(conversationId, draftId);
        if (existing == null
                || existing.state().equals("sent")
                || existing.state().equals("sending")) {
            return drafts.create(conversationId, text, null);
        }
        return drafts.edit(existing.id(), text, null);
    }

    /** The draft the form names, if it is mine and of this conversation. */
    private ReplyDrafts.DraftView current(UUID conversationId, String draftId) {
        if (draftId == null || draftId.isBlank()) return null;
        try {
            ReplyDrafts.DraftView d = drafts.get(UUID.fromString(draftId.strip()));
            return d.conversationId().equals(conversationId) && d.mine() ? d : null;
        } catch (IllegalArgumentException | NotFound e) {
            return null;
        }
    }

    private String show(UUID conversationId, ReplyDrafts.DraftView draft, Model model) {
        Access access = Access.require(Role.VIEWER);
        model.addAttribute("conversationId", conversationId);
        model.addAttribute("draft", draft);
        model.addAttribute("lead", access.role().atLeast(Role.LEAD));
        model.addAttribute(
                "others",
                drafts.ofConversation(conversationId).stream()
                        .filter(d -> !d.mine() && !d.state().equals("sent"))
                        .toList());
        return STATUS;
    }

    private static void keep(HttpServletResponse response) {
        response.setHeader("X-Composer-Keep", "true");
    }

    /** The reply or note is stored: the form clears and the timeline refreshes. */
    private static void sent(HttpServletResponse response) {
        response.setHeader("HX-Trigger", "composer-sent");
    }
}
