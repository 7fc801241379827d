package fi.mokadesk.reply;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The optional AI draft: an OpenAI-compatible chat-completions endpoint the workspace's operator runs or
 * trusts (a local Ollama or vLLM, say). Off unless both the address and the model are set.
 *
 * @param baseUrl the API base, e.g. {@code http://localhost:11434/v1} ({@code MOKADESK_AI_BASE_URL});
 *     {@code /chat/completions} is appended
 * @param model the model name ({@code MOKADESK_AI_MODEL})
 * @param apiKey sent as a bearer token when set ({@code MOKADESK_AI_API_KEY})
 * @param timeout how long a suggestion may take before the composer gives up ({@code MOKADESK_AI_TIMEOUT})
 */
@ConfigurationProperties("mokadesk.ai")
record AiProperties(String baseUrl, String model, String apiKey, Duration timeout) {

    AiProperties {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) timeout = Duration.ofSeconds(20);
    }

    boolean enabled() {
        return baseUrl != null && !baseUrl.isBlank() && model != null && !model.isBlank();
    }
}
