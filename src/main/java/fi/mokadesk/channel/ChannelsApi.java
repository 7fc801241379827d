package fi.mokadesk.channel;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's channels over the JSON API (admin token). Secrets are never returned. */
@RestController
@RequestMapping("/api/v1/channels")
class ChannelsApi {

    private final Channels channels;

    ChannelsApi(Channels channels) {
        this.channels = channels;
    }

    record ChannelRequest(String type, String name, Map<String, Object> settings) {}

    @PostMapping
    ResponseEntity<Channels.ChannelView> create(@RequestBody(required = false) ChannelRequest request) {
        ChannelRequest body = request == null ? new ChannelRequest(null, null, null) : request;
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(channels.create(body.type(), body.name(), body.settings()));
    }

    @GetMapping
    Map<String, List<Channels.ChannelView>> list() {
        return Map.of("channels", channels.list());
    }

    @GetMapping("/{id}")
    Channels.ChannelView get(@PathVariable UUID id) {
        return channels.get(id);
    }

    @PatchMapping("/{id}")
    Channels.ChannelView update(@PathVariable UUID id, @RequestBody(required = false) ChannelRequest request) {
        ChannelRequest body = request == null ? new ChannelRequest(null, null, null) : request;
        if (body.type() != null && !body.type().equals(channels.get(id).type())) {
            throw new fi.mokadesk.kernel.InvalidInput("type", "cannot be changed; add a new channel instead");
        }
        return channels.update(id, body.name(), body.settings());
    }

    @PostMapping("/{id}/disable")
    Channels.ChannelView disable(@PathVariable UUID id) {
        return channels.setEnabled(id, false);
    }

    @PostMapping("/{id}/enable")
    Channels.ChannelView enable(@PathVariable UUID id) {
        return channels.setEnabled(id, true);
    }
}
