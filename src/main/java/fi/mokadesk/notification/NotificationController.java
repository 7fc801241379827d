package fi.mokadesk.notification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The bell in the navigation, the notifications page and their API. */
@Controller
@Tag(name = "Notifications", description = "The signed-in person's notices (SLA warnings and breaches)")
class NotificationController {

    private final Notifications notifications;

    NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/notifications")
    String page(Model model, Locale locale) {
        model.addAttribute("items", notifications.recent(100, locale));
        model.addAttribute("unread", notifications.unread());
        return "notifications";
    }

    /** The bell with its count (htmx refreshes it on load, on a live "notification" event and every minute). */
    @GetMapping("/notifications/bell")
    String bell(Model model) {
        model.addAttribute("unread", notifications.unread());
        return "notifications :: bell";
    }

    @PostMapping("/notifications/read")
    String read(@RequestParam(required = false) UUID id) {
        notifications.markRead(id);
        return "redirect:/notifications";
    }

    record Listing(int unread, List<Notifications.Item> items) {}

    @GetMapping("/api/v1/notifications")
    @ResponseBody
    @Operation(summary = "The signed-in person's latest notices and how many are unread")
    Listing list(@RequestParam(defaultValue = "50") int limit, Locale locale) {
        return new Listing(notifications.unread(), notifications.recent(limit, locale));
    }

    @PostMapping("/api/v1/notifications/read")
    @ResponseBody
    @Operation(summary = "Mark one notice (id) or all notices read")
    ResponseEntity<Map<String, Integer>> markRead(@RequestParam(required = false) UUID id) {
        notifications.markRead(id);
        return ResponseEntity.ok(Map.of("unread", notifications.unread()));
    }
}
