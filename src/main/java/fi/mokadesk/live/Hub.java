package fi.mokadesk.live;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * The browsers connected to this node, by workspace. Bursts are coalesced: a page learns at most about
 * four times a second that its inbox or conversation changed, however many messages arrive.
 */
@Component
class Hub {

    static final long FLUSH_MILLIS = 250;

    record Subscriber(SseEmitter emitter, UUID workspaceId, UUID userId, Locale locale) {}

    private final Map<UUID, Set<Subscriber>> byWorkspace = new ConcurrentHashMap<>();
    private final Map<UUID, Set<String>> pending = new ConcurrentHashMap<>();
    private final MessageSource messages;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-flush");
        t.setDaemon(true);
        return t;
    });

    Hub(MessageSource messages) {
        this.messages = messages;
        timer.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::heartbeat, 20, 20, TimeUnit.SECONDS);
    }

    SseEmitter subscribe(UUID workspaceId, UUID userId, Locale locale) {
        SseEmitter emitter = new SseEmitter(TimeUnit.MINUTES.toMillis(30));
        Subscriber subscriber = new Subscriber(emitter, workspaceId, userId, locale);
        byWorkspace
                .computeIfAbsent(workspaceId, k -> new CopyOnWriteArraySet<>())
                .add(subscriber);
        Runnable remove = () -> byWorkspace.getOrDefault(workspaceId, Set.of()).remove(subscriber);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        send(subscriber, "hello", "");
        return emitter;
    }

    void received(JsonNode note) {
        UUID workspace = UUID.fromString(note.path("ws").asString());
        if (!byWorkspace.containsKey(workspace)) return;
        if ("presence".equals(note.path("what").asString())) {
            presence(workspace, note.path("conv").asString(), note);
            return;
        }
        Set<String> events = pending.computeIfAbsent(workspace, k -> ConcurrentHashMap.newKeySet());
        if ("notification".equals(note.path("what").asString())) {
            notify(workspace, note.path("users"));
            return;
        }
        if ("storm".equals(note.path("what").asString())) {
            events.add("storm"); // pages refresh their storm banner
            return;
        }
        events.add("inbox");
        if (note.path("many").asBoolean()) events.add("conv-any");
        for (JsonNode conversation : note.path("convs")) events.add("conv-" + conversation.asString());
    }

    /** Tells the people with new notices (everybody in the workspace when the list was too long to send). */
    private void notify(UUID workspace, JsonNode users) {
        Set<String> ids = new java.util.HashSet<>();
        for (JsonNode user : users) ids.add(user.asString());
        for (Subscriber s : byWorkspace.getOrDefault(workspace, Set.of())) {
            if (ids.isEmpty() || (s.userId() != null && ids.contains(s.userId().toString()))) {
                send(s, "notification", "");
            }
        }
    }

    private void presence(UUID workspace, String conversation, JsonNode note) {
        String user = note.path("user").asString();
        String name = HtmlUtils.htmlEscape(note.path("name").asString());
        String state = "typing".equals(note.path("state").asString()) ? "typing" : "viewing";
        for (Subscriber s : byWorkspace.getOrDefault(workspace, Set.of())) {
            if (s.userId() != null && s.userId().toString().equals(user)) continue;
            String text = messages.getMessage("presence." + state, new Object[] {name}, s.locale());
            send(
                    s,
                    "presence-" + conversation,
                    "<span class=\"presence\" data-user=\"" + HtmlUtils.htmlEscape(user) + "\">" + text + "</span>");
        }
    }

    private void flush() {
        for (UUID workspace : pending.keySet()) {
            Set<String> events = pending.remove(workspace);
            if (events == null) continue;
            for (Subscriber s : byWorkspace.getOrDefault(workspace, Set.of())) {
                for (String event : events) send(s, event, "");
            }
        }
    }

    private void heartbeat() {
        byWorkspace
                .values()
                .forEach(set -> set.forEach(s -> {
                    try {
                        s.emitter().send(SseEmitter.event().comment("keep-alive"));
                    } catch (IOException | IllegalStateException e) {
                        set.remove(s);
                    }
                }));
    }

    private void send(Subscriber s, String event, String data) {
        try {
            s.emitter().send(SseEmitter.event().name(event).data(data));
        } catch (IOException | IllegalStateException e) {
            byWorkspace.getOrDefault(s.workspaceId(), Set.of()).remove(s);
        }
    }

    int subscribers() {
        return byWorkspace.values().stream().mapToInt(Set::size).sum();
    }
}
