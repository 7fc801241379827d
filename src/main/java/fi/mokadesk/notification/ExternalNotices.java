package fi.mokadesk.notification;

import java.util.List;
import java.util.UUID;

/**
 * Copies of a notice that leave Mokadesk (email to the recipients, a chat webhook post), handed over in the
 * transaction that stored the notice. Implemented by the module that owns outbound delivery; without an
 * implementation notices stay in-app.
 */
public interface ExternalNotices {

    void enqueue(UUID workspaceId, List<Notifications.Recipient> recipients, Notifications.Notice notice);
}
