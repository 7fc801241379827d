package fi.mokadesk.reply;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import fi.mokadesk.kernel.StorableText;
import fi.mokadesk.workspace.Access;
import fi.mokadesk.workspace.Role;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A workspace's reply templates. The first look at the templates plants the starter set, once; after that
 * the team owns them (edit, add, remove). Leads and admins change templates, every agent uses them.
 */
@Service
class ReplyTemplates {

    record Template(UUID id, String name, String language, String body, String starter, OffsetDateTime updatedAt) {}

    private final JdbcClient jdbc;
    private final ReplySettings settings;
    private final ApplicationEventPublisher events;

    ReplyTemplates(JdbcClient jdbc, ReplySettings settings, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.events = events;
    }

    @Transactional
    public List<Template> list(String language) {
        Access.require(Role.AGENT);
        String lang = language == null || language.isBlank() ? null : language(language);
        if (settings.claimStarterTemplates()) plantStarters();
        return jdbc.sql("select id, name, language, body, starter, updated_at from reply_template"
                        + " where (cast(? as text) is null or language = ?) order by language, name")
                .params(lang, lang)
                .query(ReplyTemplates::template)
                .list();
    }

    @Transactional(readOnly = true)
    public Template get(UUID id) {
        Access.require(Role.AGENT);
        return jdbc.sql("select id, name, language, body, starter, updated_at from reply_template where id = ?")
                .param(id)
                .query(ReplyTemplates::template)
                .optional()
                .orElseThrow(() -> new NotFound("no such template"));
    }

    @Transactional
    public Template create(String name, String language, String body) {
        Access.require(Role.LEAD);
        String n = name(name);
        String l = language(language);
        String b = body(body);
        try {
            UUID id = jdbc.sql("insert into reply_template (workspace_id, name, language, body) values (?, ?, ?, ?)"
                            + " returning id")
                    .params(Tenant.require(), n, l, b)
                    .query(UUID.class)
                    .single();
            events.publishEvent(new Audited("template.create", "reply_template", id.toString(), null, audit(n, l, b)));
            return get(id);
        } catch (DuplicateKeyException e) {
            throw new InvalidInput("name", "is already used by another " + l + " template");
        }
    }

    @Transactional
    public Template update(UUID id, String name, String language, String body) {
        Access.require(Role.LEAD);
        Template before = get(id);
        String n = name == null ? before.name() : name(name);
        String l = language == null ? before.language() : language(language);
        String b = body == null ? before.body() : body(body);
        try {
            jdbc.sql("update reply_template set name = ?, language = ?, body = ?, updated_at = now() where id = ?")
                    .params(n, l, b, id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new InvalidInput("name", "is already used by another " + l + " template");
        }
        events.publishEvent(new Audited(
                "template.update",
                "reply_template",
                id.toString(),
                audit(before.name(), before.language(), before.body()),
                audit(n, l, b)));
        return get(id);
    }

    @Transactional
    public void delete(UUID id) {
        Access.require(Role.LEAD);
        Template before = get(id);
        jdbc.sql("delete from reply_template where id = ?").param(id).update();
        events.publishEvent(new Audited(
                "template.delete",
                "reply_template",
                id.toString(),
                audit(before.name(), before.language(), before.body()),
                null));
    }

    /** The template's text with the variables that have values filled in. */
    static String render(Template template, Map<String, String> values) {
        return TemplateText.render(template.body(), values);
    }

    private void plantStarters() {
        UUID ws = Tenant.require();
        for (StarterTemplates.Starter s : StarterTemplates.ALL) {
            jdbc.sql("""
                            insert into reply_template (workspace_id, name, language, body, starter)
                            values (?, ?, ?, ?, ?) on conflict do nothing
                            """).params(ws, s.name(), s.language(), s.body(), s.key()).update();
        }
    }

    private static Template template(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Template(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("language"),
                rs.getString("body"),
                rs.getString("starter"),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    private static Map<String, Object> audit(String name, String language, String body) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", name);
        value.put("language", language);
        value.put("body", body);
        return value;
    }

    static String language(String value) {
        if (value == null) throw new InvalidInput("language", "is required (fi or en)");
        String l = value.strip();
        if (!l.equals("fi") && !l.equals("en")) throw new InvalidInput("language", "must be fi or en");
        return l;
    }

    private static String name(String value) {
        String n = value == null ? "" : StorableText.require(value, "name").strip();
        if (n.isEmpty()) throw new InvalidInput("name", "is required");
        if (n.length() > 100) throw new InvalidInput("name", "is longer than 100 characters");
        return n;
    }

    private static String body(String value) {
        String b = value == null ? "" : StorableText.require(value, "body").strip();
        if (b.isEmpty()) throw new InvalidInput("body", "is required");
        if (b.length() > 5000) throw new InvalidInput("body", "is longer than 5000 characters");
        return b;
    }
}
