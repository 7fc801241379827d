package fi.mokadesk.conversation;

import fi.mokadesk.conversation.Views.Change;
import fi.mokadesk.conversation.Views.ConversationDetail;
import fi.mokadesk.conversation.Views.Filter;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The inbox and conversation pages; each handler serves the full page or, for htmx, just the fragment. */
@Controller
class InboxController {

    private final Conversations conversations;
    private final ObjectProvider<LabelCorrections> labels;
    private final MessageSource texts;

    /** Label corrections come from the analysis module when it runs; conversations work without it. */
    InboxController(Conversations conversations, ObjectProvider<LabelCorrections> labels, MessageSource texts) {
        this.conversations = conversations;
        this.labels = labels;
        this.texts = texts;
    }

    @GetMapping("/inbox")
    String inbox(
            Filter filter,
            BindingResult binding,
            @RequestParam(required = false) String cursor,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestHeader(name = "HX-Target", required = false) String target,
            Model model) {
        if (filter == null) filter = Filter.none();
        model.addAttribute("filter", filter);
        try {
            // A filter value of the wrong type (abusive=maybe) is shown like any other invalid filter.
            FieldError wrongType = binding.getFieldError();
            if (wrongType != null) throw new InvalidInput(wrongType.getField(), "has the wrong type");
            model.addAttribute("page", conversations.list(filter, blank(cursor), 50));
        } catch (InvalidInput e) {
            model.addAttribute("page", conversations.list(Filter.none(), null, 50));
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("appending", cursor != null && !cursor.isBlank());
        if (htmx != null && target != null) return "inbox :: rows";
        model.addAttribute("members", conversations.members());
        model.addAttribute("channels", conversations.channels());
        return "inbox";
    }

    @GetMapping("/conversations/{id}")
    String conversation(
            @PathVariable UUID id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        ConversationDetail detail = conversations.get(id);
        conversations.markRead(id);
        model.addAttribute("detail", detail);
        model.addAttribute("canWrite", Access.require().role().atLeast(Role.AGENT));
        model.addAttribute("members", conversations.members());
        return htmx != null ? "conversation :: timeline" : "conversation";
    }

    /** Runs a change from the conversation page and answers with the refreshed timeline (or the error). */
    private String change(UUID conversationId, Model model, Runnable change) {
        try {
            change.run();
        } catch (InvalidInput e) {
            model.addAttribute("error", e.getMessage());
        } catch (IllegalTransition e) {
            var locale = LocaleContextHolder.getLocale();
            model.addAttribute(
                    "error",
                    texts.getMessage(
                            "conversation.status.refused",
                            new Object[] {
                                texts.getMessage("status." + e.from().code(), null, locale),
                                texts.getMessage("status." + e.to().code(), null, locale)
                            },
                            locale));
        }
        return conversation(conversationId, "true", model);
    }

    @PostMapping("/conversations/{id}/messages")
    String write(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "reply") String type,
            Model model) {
        return change(id, model, () -> conversations.write(id, text, "note".equals(type)));
    }

    @PostMapping("/conversations/{id}")
    String change(
            @PathVariable UUID id,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String assigneeId,
            @RequestParam(required = false) String priority,
            Model model) {
        return change(
                id,
                model,
                () -> conversations.change(id, new Change(blank(status), assigneeId, blank(priority), null)));
    }

    /** An agent corrects an analysis label; the correction is audited and kept as training data. */
    @PostMapping("/messages/{messageId}/labels")
    String relabel(
            @PathVariable UUID messageId,
            @RequestParam UUID conversationId,
            @RequestParam String task,
            @RequestParam String label,
            Model model) {
        return change(conversationId, model, () -> {
            LabelCorrections corrections = labels.getIfAvailable();
            if (corrections == null) throw new InvalidInput("task", "labels cannot be corrected on this desk");
            corrections.correct(messageId, task, label);
        });
    }

    @PostMapping("/messages/{messageId}/hide")
    String hide(
            @PathVariable UUID messageId,
            @RequestParam UUID conversationId,
            @RequestParam(defaultValue = "") String reason,
            Model model) {
        return change(conversationId, model, () -> conversations.hide(messageId, reason));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
