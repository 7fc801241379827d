package fi.mokadesk.storm;

import fi.mokadesk.channel.Deliveries;
import fi.mokadesk.channel.OutboundMail;
import fi.mokadesk.workspace.Role;
import fi.mokadesk.workspace.Workspaces;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells leads and admins about a new storm, and integrators subscribed to {@code storm.detected}: the
 * notifications go into the outbox ({@link Deliveries}) in the transaction that stores the storm, and
 * leave afterwards with retries (chat webhook as {@code {"text": ...}}, email through the configured mail
 * server). One storm gives one chat post and one email per person, however often it is announced.
 */
@Component
class StormNotifier {

    private static final Logger log = LoggerFactory.getLogger(StormNotifier.class);

    private final JdbcClient jdbc;
    private final Workspaces workspaces;
    private final StormTexts texts;
    private final Deliveries deliveries;

    StormNotifier(JdbcClient jdbc, Workspaces workspaces, StormTexts texts, Deliveries deliveries) {
        this.jdbc = jdbc;
        this.workspaces = workspaces;
        this.texts = texts;
        this.deliveries = deliveries;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(StormDetected storm) {
        deliveries.event("storm.detected", data(storm));
        StormSettings settings = StormSettings.load(jdbc);
        Locale locale = texts.notificationLocale();
        // Times in the texts are in the workspace's zone, as on its pages.
        ZoneId zone = texts.zone();
        String subject = texts.headline(storm.series(), storm.magnitude(), storm.onset(), locale, zone);
        String body = texts.body(storm, locale, zone);
        String reference = storm.stormId().toString();
        if (settings.chatWebhookUrl() != null) {
            deliveries.chat("storm:" + storm.stormId() + ":chat", reference, settings.chatWebhookUrl(), body);
        }
        if (!settings.emailEnabled()) return;
        if (!deliveries.mailConfigured()) {
            log.info("Storm email not sent: no mail server is configured (spring.mail.host)");
            return;
        }
        List<String> recipients = workspaces.members().stream()
                .filter(m -> m.enabled() && m.role().atLeast(Role.LEAD))
                .map(Workspaces.Member::email)
                .toList();
        for (String to : recipients) {
            deliveries.mail(
                    "storm:" + storm.stormId() + ":email:" + to, reference, new OutboundMail(to, subject, body));
        }
    }

    /** The storm as integrators receive it in a {@code storm.detected} webhook. */
    private static Map<String, Object> data(StormDetected storm) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stormId", storm.stormId());
        data.put("series", storm.series());
        data.put("onset", storm.onset().toString());
        data.put("magnitude", storm.magnitude());
        data.put("expected", storm.expected());
        data.put("observed", storm.observed());
        data.put("topTerms", storm.topTerms());
        data.put("conversations", storm.conversations());
        return data;
    }
}
