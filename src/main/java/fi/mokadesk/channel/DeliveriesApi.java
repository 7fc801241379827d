package fi.mokadesk.channel;

import fi.mokadesk.kernel.ApiErrors;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The outbox over the JSON API: what left, what is waiting, what failed, and a retry. */
@RestController
@RequestMapping("/api/v1/deliveries")
class DeliveriesApi {

    private static final Logger log = LoggerFactory.getLogger(DeliveriesApi.class);

    private final Deliveries deliveries;

    DeliveriesApi(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @GetMapping
    @Operation(summary = "The workspace's outbox deliveries, newest first (admin); filter by state and kind")
    Deliveries.DeliveryPage list(
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return deliveries.list(state, kind, page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One delivery (agent)")
    Deliveries.DeliveryView get(@PathVariable UUID id) {
        return deliveries.get(id);
    }

    @PostMapping("/{id}/retry")
    @Operation(summary = "Send a failed or uncertain delivery again (agent for replies, admin otherwise); 409 else")
    Deliveries.DeliveryView retry(@PathVariable UUID id) {
        return deliveries.retry(id);
    }

    @ExceptionHandler(DeliveryState.IllegalMove.class)
    ResponseEntity<Map<String, Object>> refused(DeliveryState.IllegalMove e) {
        log.info("Delivery retry refused: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.body("conflict", "state", e.getMessage()));
    }
}
