package fi.mokadesk.channel;

import java.util.Arrays;
import java.util.Locale;

/** What an outbox delivery is, which decides how it is sent. */
public enum DeliveryKind {
    /** An agent's reply, sent by the adapter of its channel type. */
    REPLY,
    /** An email through the configured mail server (storm notifications). */
    MAIL,
    /** A chat integration's incoming webhook, {@code {"text": …}} (storm notifications). */
    CHAT,
    /** An event webhook for an integrator's subscription, signed with the subscription's secret. */
    EVENT,
    /** A published audit chain head, signed with the workspace's webhook secret. */
    AUDIT_HEAD;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryKind of(String code) {
        return Arrays.stream(values())
                .filter(k -> k.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no delivery kind " + code));
    }
}
