package fi.mokadesk.reply;

import java.util.OptionalInt;

/**
 * The longest reply each channel takes, as the platforms document it: a longer one is refused or cut by the
 * platform, so the coach says so while the agent can still shorten it. Email, the contact form, the API and
 * feeds have no such limit.
 */
final class ChannelLimits {

    private ChannelLimits() {}

    static OptionalInt of(String channel, boolean isPublic) {
        if (channel == null) return OptionalInt.empty();
        return switch (channel) {
            case "x" -> OptionalInt.of(280);
            case "instagram" -> OptionalInt.of(isPublic ? 2_200 : 1_000);
            case "facebook" -> OptionalInt.of(isPublic ? 8_000 : 2_000);
            case "whatsapp" -> OptionalInt.of(4_096);
            default -> OptionalInt.empty();
        };
    }
}
