package fi.mokadesk.channel;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Event webhook subscriptions over the JSON API (admin). The secret is in the creation answer only. */
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhooksApi {

    private final EventWebhooks webhooks;
    private final Deliveries deliveries;
    private final Outbox outbox;

    WebhooksApi(EventWebhooks webhooks, Deliveries deliveries, Outbox outbox) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.outbox = outbox;
    }

    record Detail(
            UUID id,
            String url,
            List<String> events,
            java.time.OffsetDateTime createdAt,
            List<Deliveries.DeliveryView> deliveries) {}

    @PostMapping
    @Operation(summary = "Subscribe a URL to events: {\"url\", \"events\": [...]} -> {\"id\", \"secret\"} (once)")
    ResponseEntity<EventWebhooks.Created> create(@RequestBody(required = false) Map<String, Object> body) {
        Map<String, Object> request = body == null ? Map.of() : body;
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(webhooks.create(request.get("url"), request.get("events")));
    }

    @GetMapping
    @Operation(summary = "The workspace's event webhook subscriptions and the event catalogue")
    Map<String, Object> list() {
        return Map.of("webhooks", webhooks.list(), "events", EventWebhooks.CATALOGUE);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One subscription with its recent deliveries (newest first)")
    Detail get(@PathVariable UUID id) {
        EventWebhooks.Subscription s = webhooks.get(id);
        return new Detail(s.id(), s.url(), s.events(), s.createdAt(), log(id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Remove a subscription (its delivery log stays readable in /api/v1/deliveries)")
    ResponseEntity<Void> remove(@PathVariable UUID id) {
        webhooks.remove(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/test")
    @Operation(summary = "Send a webhook.test event to this subscription; answers the queued delivery")
    ResponseEntity<Deliveries.DeliveryView> test(@PathVariable UUID id) {
        UUID delivery = webhooks.test(id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deliveries.get(delivery));
    }

    List<Deliveries.DeliveryView> log(UUID id) {
        return outbox.list(null, DeliveryKind.EVENT, id, 20, 0).stream()
                .map(Deliveries.DeliveryView::of)
                .toList();
    }
}
