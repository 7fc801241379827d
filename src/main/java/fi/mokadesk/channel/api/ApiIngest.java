package fi.mokadesk.channel.api;

import fi.mokadesk.conversation.Conversations;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.conversation.Ingested;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;

/**
 * {@code POST /api/v1/messages}, the generic ingest API, on the channel platform: the body goes through the
 * api channel's adapter ({@link ApiChannel#inbound}) like every platform's payload does through its own,
 * and the customer message it makes goes to the conversation module, which stores it idempotently.
 */
@RestController
@Tag(
        name = "Conversations",
        description = "Read the inbox, reply, change status (customer messages arrive through the channels)")
class ApiIngest {

    record IngestResponse(UUID messageId, UUID conversationId) {}

    private final ApiChannel channel;
    private final Conversations conversations;

    ApiIngest(ApiChannel channel, Conversations conversations) {
        this.channel = channel;
        this.conversations = conversations;
    }

    @PostMapping("/api/v1/messages")
    @Operation(summary = "Store a customer message (idempotent on channel + externalId)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ApiChannel.Payload.class)))
    ResponseEntity<IngestResponse> ingest(@RequestBody byte[] body, HttpServletRequest request)
            throws HttpMediaTypeNotSupportedException {
        requireJson(request.getContentType());
        InboundMessage message;
        try {
            message = channel.inbound(Map.of(), headers(request), body);
        } catch (JacksonException e) {
            // The same answer as for any unreadable JSON body (the field of the wrong type is named).
            throw new HttpMessageNotReadableException(
                    "JSON parse error: " + e.getOriginalMessage(), e, new ServletServerHttpRequest(request));
        }
        Ingested result = conversations.ingest(message);
        // The type set here spares the content negotiation: the answer is JSON whatever the client accepts.
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new IngestResponse(result.messageId(), result.conversationId()));
    }

    /**
     * JSON only, checked here rather than by the mapping's {@code consumes}: a refusal thrown by the handler
     * gets the API's error body (415 naming application/json), one raised while choosing a handler would not.
     */
    private static void requireJson(String contentType) throws HttpMediaTypeNotSupportedException {
        MediaType type = mediaType(contentType);
        if (type != null) {
            for (MediaType json : JSON) if (json.includes(type)) return;
        }
        throw new HttpMediaTypeNotSupportedException("Content-Type '" + contentType + "' is not supported", JSON);
    }

    private static MediaType mediaType(String contentType) {
        if (contentType == null) return null;
        try {
            return MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    private static final List<MediaType> JSON =
            List.of(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));

    /** Only what the adapter reads: the content type (its charset). */
    private static Map<String, String> headers(HttpServletRequest request) {
        String type = request.getContentType();
        return type == null ? Map.of() : Map.of("content-type", type);
    }
}
