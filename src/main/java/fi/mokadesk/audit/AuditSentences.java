package fi.mokadesk.audit;

import fi.mokadesk.workspace.Workspaces;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit page in words: "Maija siirsi keskustelun tilaan Ratkaistu" instead of action keys, ids and JSON.
 * Each action has a sentence in the message bundles ({@code audit.sentence.<action>}, arguments: who, the
 * old value, the new value, the target); codes become their names, people's ids their names. An action
 * without a sentence is still shown, by its key.
 */
@Component
class AuditSentences {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MessageSource texts;
    private final Workspaces workspaces;

    AuditSentences(MessageSource texts, Workspaces workspaces) {
        this.texts = texts;
        this.workspaces = workspaces;
    }

    record Line(AuditLog.Entry entry, String sentence) {}

    List<Line> of(List<AuditLog.Entry> entries) {
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> people = new HashMap<>();
        workspaces.members().forEach(m -> people.put(m.userId().toString(), m.displayName()));
        List<Line> lines = new ArrayList<>();
        for (AuditLog.Entry e : entries) lines.add(new Line(e, sentence(e, people, locale)));
        return lines;
    }

    private String sentence(AuditLog.Entry e, Map<String, String> people, Locale locale) {
        String action = e.action() == null ? "" : e.action();
        String who = e.actorName() == null ? "?" : e.actorName();
        String kind = valueKind(action);
        String before = value(e.oldValue(), kind, people, locale);
        String after = value(e.newValue(), kind, people, locale);
        String target = e.entityId() == null ? "" : people.getOrDefault(e.entityId(), "");
        String key = "audit.sentence." + action;
        if (action.equals("conversation.assignee") && after.isEmpty()) key += ".none";
        String said = texts.getMessage(key, new Object[] {who, before, after, target}, null, locale);
        if (said != null) return said;
        return texts.getMessage("audit.sentence.other", new Object[] {who, action}, locale);
    }

    /** How the values of an action are written in the sentence: as a status, a priority, a person, a role. */
    private static String valueKind(String action) {
        return switch (action) {
            case "conversation.status" -> "status.";
            case "conversation.priority" -> "priority.";
            case "conversation.assignee" -> "person";
            case "user.role", "invitation.accepted" -> "role.";
            default -> "";
        };
    }

    private String value(String raw, String kind, Map<String, String> people, Locale locale) {
        if (raw == null || raw.isBlank() || raw.equals("null")) return "";
        String plain = raw;
        try {
            JsonNode node = JSON.readTree(raw);
            if (node.isString()) plain = node.asString();
            else if (node.isArray()) {
                List<String> items = new ArrayList<>();
                node.forEach(n -> items.add(n.asString()));
                return String.join(", ", items);
            } else if (node.isBoolean() || node.isNumber()) plain = node.asString();
            else if (node.isObject()) return "";
        } catch (RuntimeException notJson) {
            // stored as plain text
        }
        if (kind.equals("person")) return people.getOrDefault(plain, "?");
        if (!kind.isEmpty()) return texts.getMessage(kind + plain.toLowerCase(Locale.ROOT), null, plain, locale);
        return plain;
    }
}
