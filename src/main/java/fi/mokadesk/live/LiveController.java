package fi.mokadesk.live;

import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@Controller
class LiveController {

    private final Hub hub;
    private final Announcer announcer;

    LiveController(Hub hub, Announcer announcer) {
        this.hub = hub;
        this.announcer = announcer;
    }

    /**
     * The page's event stream: "inbox", "conv-{id}" (something changed), "presence-{id}" (colleagues) and
     * "storm" (a storm opened: refresh the banner).
     */
    @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Locale locale) {
        Access access = Access.require(Role.VIEWER);
        return hub.subscribe(access.workspaceId(), access.userId(), locale);
    }

    /** "I am viewing / typing in this conversation", shown to colleagues who have it open. */
    @PostMapping("/live/presence")
    ResponseEntity<Void> presence(
            @RequestParam UUID conversationId, @RequestParam(defaultValue = "viewing") String state) {
        Access access = Access.require(Role.VIEWER);
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("ws", access.workspaceId());
        note.put("conv", conversationId);
        note.put("what", "presence");
        note.put("user", access.userId());
        note.put("name", access.actor().name());
        note.put("state", "typing".equals(state) ? "typing" : "viewing");
        announcer.announce(note);
        return ResponseEntity.noContent().build();
    }
}
