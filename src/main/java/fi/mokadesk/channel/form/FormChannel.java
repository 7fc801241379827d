package fi.mokadesk.channel.form;

import fi.mokadesk.channel.ChannelAdapter;
import fi.mokadesk.conversation.InboundMessage;
import fi.mokadesk.kernel.InvalidInput;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The web contact form as a channel. Submissions do not arrive through {@link #inbound}: customers post to
 * the form's own public address ({@link FormController}), which knows the form by its key. The form has no
 * way back to the customer of its own; answers go by email.
 */
@Component
class FormChannel implements ChannelAdapter {

    static final String TYPE = "form";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretFields() {
        return Set.of();
    }

    @Override
    public Map<String, Object> validate(Map<String, Object> settings) {
        return FormSettings.validate(settings);
    }

    @Override
    public InboundMessage inbound(Map<String, Object> settings, Map<String, String> headers, byte[] body) {
        throw new InvalidInput("body", "contact form submissions are posted to /f/{formKey}");
    }

    @Override
    public Outcome send(Map<String, Object> settings, Delivery delivery) {
        return Outcome.failed("a contact form cannot carry a reply; answer the customer by email");
    }

    /** Settings alone never make a form unhealthy; the health monitor decides ({@link FormMonitor}). */
    @Override
    public Health health(Map<String, Object> settings) {
        return Health.OK;
    }
}
