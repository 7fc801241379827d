package fi.mokadesk.sla;

import com.fasterxml.jackson.annotation.JsonProperty;
import fi.mokadesk.conversation.ChannelType;
import fi.mokadesk.conversation.Priority;
import fi.mokadesk.kernel.InvalidInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An SLA policy as admins write it. Targets are tried in order and the first that matches a conversation's
 * channel, public/private and priority gives its three timers (in minutes, counted in business hours of the
 * policy's calendar or around the clock). Warnings come at {@code warnAtPercent} of a target; after a breach
 * the {@code escalation} steps notify the assignee, leads or admins, each {@code afterMinutes} past the due time,
 * in the notification centre, by email (when a mail server is configured) and, when {@code chatWebhookUrl} is
 * set, in a chat channel (Slack, Teams: {@code {"text": ...}}). Key accounts (customers marked with the
 * {@code key} tier) get {@code keyAccountPercent} of every target: 50 gives them half the time, 100 the same
 * as everyone.
 */
record PolicySpec(
        String name,
        UUID calendarId,
        Integer warnAtPercent,
        Boolean pauseWhilePending,
        @JsonProperty("default") Boolean isDefault,
        List<Target> targets,
        List<Step> escalation,
        String chatWebhookUrl,
        Integer keyAccountPercent) {

    /** @param channels channel codes; empty means every channel */
    record Target(
            List<String> channels,
            @JsonProperty("public") Boolean isPublic,
            String priority,
            Integer firstResponseMinutes,
            Integer nextResponseMinutes,
            Integer resolutionMinutes,
            Boolean businessHours) {

        boolean matches(String channel, boolean isPublic, String priority) {
            return (channels == null || channels.isEmpty() || channels.contains(channel))
                    && (this.isPublic == null || this.isPublic == isPublic)
                    && (this.priority == null || this.priority.equals(priority));
        }

        Duration of(Kind kind) {
            return Duration.ofMinutes(
                    switch (kind) {
                        case FIRST_RESPONSE -> firstResponseMinutes;
                        case NEXT_RESPONSE -> nextResponseMinutes;
                        case RESOLUTION -> resolutionMinutes;
                    });
        }
    }

    /** @param audience who is told: assignee, leads or admins (JSON {@code notify}) */
    record Step(@JsonProperty("notify") String audience, Integer afterMinutes) {}

    static final Set<String> AUDIENCES = Set.of("assignee", "leads", "admins");
    static final int MAX_MINUTES = 60 * 24 * 90;

    private static final List<String> SOCIAL = List.of("facebook", "instagram", "x", "whatsapp", "feed");

    /**
     * What a new workspace gets: public social comments and private messages 60 minutes, the web form 4
     * business hours, email (and the api channel) 8 business hours, urgent 15 minutes; every timer in
     * business hours; warnings at 75 %; paused while waiting on the customer; breaches go to the assignee,
     * after 15 minutes to leads and after an hour to admins.
     */
    static PolicySpec defaults(String name, UUID calendarId) {
        return new PolicySpec(
                name,
                calendarId,
                75,
                true,
                true,
                List.of(
                        new Target(List.of(), null, "urgent", 15, 15, 240, true),
                        new Target(SOCIAL, true, null, 60, 60, 480, true),
                        new Target(SOCIAL, false, null, 60, 60, 480, true),
                        new Target(List.of("form"), null, null, 240, 240, 960, true),
                        new Target(List.of("email", "api"), null, null, 480, 480, 1440, true),
                        new Target(List.of(), null, null, 480, 480, 1440, true)),
                List.of(new Step("assignee", 0), new Step("leads", 15), new Step("admins", 60)),
                null,
                DEFAULT_KEY_ACCOUNT_PERCENT);
    }

    /** Key accounts' share of each target in a new workspace's policy: half the time. */
    static final int DEFAULT_KEY_ACCOUNT_PERCENT = 50;

    /**
     * A timer's target for a customer of {@code tier}: a key account gets {@code keyAccountPercent} of it,
     * never under a minute. A policy stored before tiers existed has no share and tightens nothing.
     */
    Duration duration(Target target, Kind kind, String tier) {
        Duration full = target.of(kind);
        if (!KEY.equals(tier) || keyAccountPercent == null) return full;
        return Duration.ofSeconds(Math.max(60, Math.round(full.toSeconds() * keyAccountPercent / 100.0)));
    }

    static final String KEY = "key";
    static final String STANDARD = "standard";

    /** The share key accounts get, as shown: 100 when the policy does not tighten. */
    int keyAccountShare() {
        return keyAccountPercent == null ? 100 : keyAccountPercent;
    }

    /** The target for a conversation, or the last target when none matches (validation keeps one catch-all). */
    Target target(String channel, boolean isPublic, String priority) {
        for (Target t : targets) {
            if (t.matches(channel, isPublic, priority)) return t;
        }
        return targets.get(targets.size() - 1);
    }

    double warnShare() {
        return warnAtPercent / 100.0;
    }

    /** The same policy with every field checked and defaults filled in, or {@link InvalidInput} naming the field. */
    PolicySpec validated() {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            throw new InvalidInput("name", "is required, at most 100 characters");
        }
        int warn = warnAtPercent == null ? 75 : warnAtPercent;
        if (warn < 1 || warn > 99) throw new InvalidInput("warnAtPercent", "must be between 1 and 99");
        int keyShare = keyAccountPercent == null ? DEFAULT_KEY_ACCOUNT_PERCENT : keyAccountPercent;
        if (keyShare < 1 || keyShare > 100) {
            throw new InvalidInput(
                    "keyAccountPercent", "must be between 1 and 100 (the share of each target key accounts get)");
        }
        if (targets == null || targets.isEmpty()) throw new InvalidInput("targets", "needs at least one target");
        if (targets.size() > 50) throw new InvalidInput("targets", "allows at most 50 targets");
        List<Target> clean = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            String field = "targets[" + i + "]";
            if (t == null) throw new InvalidInput(field, "is empty");
            List<String> channels = new ArrayList<>();
            for (String c : t.channels() == null ? List.<String>of() : t.channels()) {
                channels.add(ChannelType.of(c, field + ".channels").code());
            }
            String priority = t.priority() == null || t.priority().isBlank()
                    ? null
                    : Priority.of(t.priority(), field + ".priority").code();
            clean.add(new Target(
                    List.copyOf(channels),
                    t.isPublic(),
                    priority,
                    minutes(t.firstResponseMinutes(), field + ".firstResponseMinutes"),
                    minutes(t.nextResponseMinutes(), field + ".nextResponseMinutes"),
                    minutes(t.resolutionMinutes(), field + ".resolutionMinutes"),
                    t.businessHours() == null || t.businessHours()));
        }
        Target last = clean.get(clean.size() - 1);
        if (!last.channels().isEmpty() || last.isPublic() != null || last.priority() != null) {
            throw new InvalidInput(
                    "targets", "the last target must match every conversation (no channels, public or priority)");
        }
        List<Step> steps = new ArrayList<>();
        int previous = -1;
        List<Step> given = escalation == null ? List.of() : escalation;
        if (given.size() > 10) throw new InvalidInput("escalation", "allows at most 10 steps");
        for (int i = 0; i < given.size(); i++) {
            Step s = given.get(i);
            String field = "escalation[" + i + "]";
            if (s == null || s.audience() == null || !AUDIENCES.contains(s.audience())) {
                throw new InvalidInput(field + ".notify", "must be assignee, leads or admins");
            }
            int after = s.afterMinutes() == null ? 0 : s.afterMinutes();
            if (after < 0 || after > MAX_MINUTES || after < previous) {
                throw new InvalidInput(field + ".afterMinutes", "must be 0 or more and not less than the step before");
            }
            previous = after;
            steps.add(new Step(s.audience(), after));
        }
        String chat = chatWebhookUrl == null || chatWebhookUrl.isBlank() ? null : chatWebhookUrl.strip();
        if (chat != null) {
            try {
                java.net.URI uri = new java.net.URI(chat);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new java.net.URISyntaxException(chat, "not http");
                }
            } catch (java.net.URISyntaxException e) {
                throw new InvalidInput("chatWebhookUrl", "must be an http(s) address");
            }
            if (chat.length() > 2000) throw new InvalidInput("chatWebhookUrl", "is longer than 2000 characters");
        }
        return new PolicySpec(
                cleanName,
                calendarId,
                warn,
                pauseWhilePending == null || pauseWhilePending,
                isDefault != null && isDefault,
                List.copyOf(clean),
                List.copyOf(steps),
                chat,
                keyShare);
    }

    private static int minutes(Integer value, String field) {
        if (value == null || value < 1 || value > MAX_MINUTES) {
            throw new InvalidInput(field, "must be between 1 and " + MAX_MINUTES + " minutes");
        }
        return value;
    }
}
