package fi.mokadesk.reply;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the configured chat-completions endpoint for a reply draft. The answer is only ever text for a
 * draft: the workflow stores it as a suggested draft that goes through the coach and the review rules like
 * any other. Any failure (timeout, refused connection, an error status, an empty answer) is an
 * {@link Unavailable} with a reason, and the composer stays as it was.
 */
@Component
@EnableConfigurationProperties(AiProperties.class)
class AiDrafts {

    /** The endpoint could not give a suggestion now. */
    static class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    /** What was asked and what came back; the prompt and the model go into the audit entry. */
    record Suggestion(String text, String model, List<Map<String, String>> prompt) {}

    private static final Logger log = LoggerFactory.getLogger(AiDrafts.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AiProperties properties;
    private final HttpClient http;

    AiDrafts(AiProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    boolean enabled() {
        return properties.enabled();
    }

    Suggestion suggest(List<Map<String, String>> prompt) {
        if (!enabled()) throw new Unavailable("AI drafts are not configured");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", properties.model());
        body.put("messages", prompt);
        body.put("temperature", 0.3);
        body.put("stream", false);
        String base = properties.baseUrl().strip().replaceAll("/+$", "");
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IllegalArgumentException e) {
            throw new Unavailable("MOKADESK_AI_BASE_URL is not a valid address");
        }
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + properties.apiKey().strip());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            log.warn("AI draft endpoint timed out after {}", properties.timeout());
            throw new Unavailable("the AI draft service did not answer in time");
        } catch (IOException e) {
            log.warn("AI draft endpoint unreachable: {}", e.toString());
            throw new Unavailable("the AI draft service cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("the AI draft request was interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            log.warn("AI draft endpoint answered {}", response.statusCode());
            throw new Unavailable("the AI draft service answered with status " + response.statusCode());
        }
        String text;
        try {
            JsonNode answer = JSON.readTree(response.body());
            text = answer.path("choices")
                    .path(0)
                    .path("message")
                    .path("content")
                    .asString("");
        } catch (RuntimeException e) {
            throw new Unavailable("the AI draft service sent an answer that is not chat-completions JSON");
        }
        text = text.strip();
        if (text.isEmpty()) throw new Unavailable("the AI draft service sent an empty suggestion");
        if (text.length() > 20_000) text = text.substring(0, 20_000);
        return new Suggestion(text, properties.model(), prompt);
    }
}
