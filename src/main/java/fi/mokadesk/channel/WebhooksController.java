package fi.mokadesk.channel;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
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
 * The admin page Webhookit / Webhooks: event subscriptions, the secret once after adding, each
 * subscription's delivery log and a test button; and the retry button of a reply's delivery.
 */
@Controller
class WebhooksController {

    private static final Logger log = LoggerFactory.getLogger(WebhooksController.class);

    private final EventWebhooks webhooks;
    private final WebhooksApi api;
    private final Deliveries deliveries;

    WebhooksController(EventWebhooks webhooks, WebhooksApi api, Deliveries deliveries) {
        this.webhooks = webhooks;
        this.api = api;
        this.deliveries = deliveries;
    }

    record Row(EventWebhooks.Subscription subscription, List<Deliveries.DeliveryView> deliveries) {}

    @GetMapping("/admin/webhooks")
    String page(Model model) {
        Access.require(Role.ADMIN);
        model.addAttribute(
                "webhooks",
                webhooks.list().stream().map(s -> new Row(s, api.log(s.id()))).toList());
        model.addAttribute("catalogue", EventWebhooks.CATALOGUE);
        return "admin/webhooks";
    }

    @PostMapping("/admin/webhooks")
    String add(
            @RequestParam(defaultValue = "") String url,
            @RequestParam(required = false) List<String> events,
            RedirectAttributes redirect) {
        try {
            EventWebhooks.Created created = webhooks.create(url, events == null ? List.of() : events);
            // Shown once, on the page the redirect leads to; never stored in clear.
            redirect.addFlashAttribute("createdId", created.id());
            redirect.addFlashAttribute("createdSecret", created.secret());
        } catch (InvalidInput e) {
            log.info("Webhook not added: {}", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/webhooks";
    }

    @PostMapping("/admin/webhooks/{id}/remove")
    String remove(@PathVariable UUID id, RedirectAttributes redirect) {
        return onSubscription(id, "removed", webhooks::remove, redirect);
    }

    @PostMapping("/admin/webhooks/{id}/test")
    String test(@PathVariable UUID id, RedirectAttributes redirect) {
        return onSubscription(id, "tested", webhooks::test, redirect);
    }

    /** An admin's button on one subscription: done, or why not (it is gone), back on the page. */
    private String onSubscription(UUID id, String done, Consumer<UUID> action, RedirectAttributes redirect) {
        try {
            action.accept(id);
            redirect.addFlashAttribute(done, true);
        } catch (NotFound e) {
            log.info("Webhook {} not {}: {}", id, done, e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/webhooks";
    }

    /** The retry button on a reply in the conversation page (and on the delivery logs). */
    @PostMapping("/deliveries/{id}/retry")
    String retry(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String back,
            @RequestParam(defaultValue = "") String conversation,
            RedirectAttributes redirect) {
        try {
            deliveries.retry(id);
            redirect.addFlashAttribute("retried", true);
        } catch (DeliveryState.IllegalMove | NotFound e) {
            log.info("Delivery retry refused: {}", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        if (back.equals("webhooks")) return "redirect:/admin/webhooks";
        // Back to the conversation the button was on; only an id goes into the redirect.
        return conversation.matches("[0-9a-fA-F-]{36}") ? "redirect:/conversations/" + conversation : "redirect:/inbox";
    }
}
