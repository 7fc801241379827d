package fi.mokadesk.notification;

import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The bell in the navigation and the notifications page. Notices belong to people, so they are read in a
 * signed-in session (API tokens have no person).
 */
@Controller
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
}
