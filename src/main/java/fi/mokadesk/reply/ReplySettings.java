package fi.mokadesk.reply;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.Audited;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.StorableText;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workspace's reply workflow settings: its review rules, the people in training and the tone guide the
 * AI draft follows. A workspace without a row has the defaults: every review rule on, nobody in training,
 * the built-in tone guide.
 */
@Component
class ReplySettings {

    /** The tone guide when the workspace has written none: the team's crisis-communication guides in brief. */
    static final String DEFAULT_TONE_GUIDE = """
            Kiitä asiakasta viestistä ja palautteesta. Jos vika on meidän, pahoittele heti alussa ja myönnä se \
            avoimesti. Anna lyhyt selitys, mutta älä puolustele itseäsi, älä kiistä asiakkaan kokemusta äläkä \
            koskaan syyllistä asiakasta. Ei ironiaa, sarkasmia eikä huutamista. Tarjoa ratkaisu tai seuraava \
            askel, mieluiten sellainen, joka maksaa meille jotakin. Julkisessa ketjussa älä kirjoita \
            henkilötietoja äläkä pyydä niitä julkisesti: pyydä asiakasta jatkamaan yksityisviestillä. \
            Kirjoita lyhyesti, ystävällisesti ja asiakkaan kielellä.""";

    record Values(ReviewRules rules, List<UUID> inTraining, String toneGuide, CoachSettings coach) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    ReplySettings(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    ReviewRules rules() {
        return jdbc.sql("""
                        select review_public_negative, review_in_training, review_open_incident, review_compensation
                          from reply_settings where workspace_id = ?
                        """)
                .param(Tenant.require())
                .query((rs, n) ->
                        new ReviewRules(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)))
                .optional()
                .orElse(ReviewRules.defaults());
    }

    String toneGuide() {
        String guide = jdbc.sql("select tone_guide from reply_settings where workspace_id = ?")
                .param(Tenant.require())
                .query(String.class)
                .optional()
                .orElse(null);
        return guide == null || guide.isBlank() ? DEFAULT_TONE_GUIDE : guide;
    }

    boolean inTraining(UUID userId) {
        if (userId == null) return false;
        return jdbc.sql("select exists (select 1 from reply_trainee where user_id = ?)")
                .param(userId)
                .query(Boolean.class)
                .single();
    }

    Values values() {
        List<UUID> trainees = jdbc.sql("select user_id from reply_trainee order by since, user_id")
                .query(UUID.class)
                .list();
        return new Values(rules(), trainees, toneGuide(), coach());
    }

    /** The coach's settings of the workspace: rules turned off, extra forbidden phrases. */
    CoachSettings coach() {
        return jdbc.sql(
                        "select coach_disabled_rules, coach_extra_phrases::text from reply_settings where workspace_id = ?")
                .param(Tenant.require())
                .query((rs, n) -> {
                    Set<CoachRule> off = new HashSet<>();
                    for (String id : (String[]) rs.getArray(1).getArray()) off.add(CoachRule.byId(id));
                    Map<CoachRule, List<String>> extra = new EnumMap<>(CoachRule.class);
                    Map<String, List<String>> stored =
                            JSON.readValue(rs.getString(2), new TypeReference<Map<String, List<String>>>() {});
                    stored.forEach((id, phrases) -> extra.put(CoachRule.byId(id), List.copyOf(phrases)));
                    return new CoachSettings(off, extra);
                })
                .optional()
                .orElse(CoachSettings.defaults());
    }

    /**
     * The coach's settings from the API's words: rule ids and phrases filed by rule id. Unknown rules, blank
     * phrases and phrases under an absence rule are a 400.
     */
    static CoachSettings coachSettings(List<String> disabled, Map<String, List<String>> phrases) {
        Set<CoachRule> off = new HashSet<>();
        for (String id : disabled == null ? List.<String>of() : disabled) off.add(rule(id, "coachDisabledRules"));
        Map<CoachRule, List<String>> extra = new EnumMap<>(CoachRule.class);
        int count = 0;
        for (Map.Entry<String, List<String>> e :
                (phrases == null ? Map.<String, List<String>>of() : phrases).entrySet()) {
            CoachRule rule = rule(e.getKey(), "coachExtraPhrases");
            if (rule.absence()) {
                throw new InvalidInput("coachExtraPhrases", "takes no phrases under the absence rule " + rule.id());
            }
            List<String> list = new ArrayList<>();
            for (String p : e.getValue() == null ? List.<String>of() : e.getValue()) {
                String phrase = p == null
                        ? ""
                        : StorableText.require(p, "coachExtraPhrases").strip();
                if (phrase.isEmpty() || phrase.length() > 200) {
                    throw new InvalidInput("coachExtraPhrases", "phrases are 1 to 200 characters");
                }
                list.add(phrase);
            }
            count += list.size();
            extra.put(rule, list);
        }
        if (count > 200) throw new InvalidInput("coachExtraPhrases", "allows at most 200 phrases");
        return new CoachSettings(off, extra);
    }

    private static CoachRule rule(String id, String field) {
        try {
            return CoachRule.byId(String.valueOf(id));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, e.getMessage());
        }
    }

    /** Replaces the settings; runs in the caller's transaction. */
    void save(ReviewRules rules, List<UUID> inTraining, String toneGuide, CoachSettings coach) {
        String guide = toneGuide == null
                ? null
                : StorableText.require(toneGuide, "toneGuide").strip();
        if (guide != null && guide.length() > 4000)
            throw new InvalidInput("toneGuide", "is longer than 4000 characters");
        UUID ws = Tenant.require();
        jdbc.sql("""
                        insert into reply_settings (workspace_id, review_public_negative, review_in_training,
                                                    review_open_incident, review_compensation, tone_guide,
                                                    coach_disabled_rules, coach_extra_phrases)
                        values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))
                        on conflict (workspace_id) do update set
                            review_public_negative = excluded.review_public_negative,
                            review_in_training = excluded.review_in_training,
                            review_open_incident = excluded.review_open_incident,
                            review_compensation = excluded.review_compensation,
                            tone_guide = excluded.tone_guide,
                            coach_disabled_rules = excluded.coach_disabled_rules,
                            coach_extra_phrases = excluded.coach_extra_phrases,
                            updated_at = now()
                        """)
                .params(
                        ws,
                        rules.publicNegative(),
                        rules.inTraining(),
                        rules.openIncident(),
                        rules.compensation(),
                        guide == null || guide.isEmpty() ? null : guide,
                        coach.disabledRules().stream()
                                .map(CoachRule::id)
                                .sorted()
                                .toArray(String[]::new),
                        JSON.writeValueAsString(phraseIds(coach)))
                .update();
        jdbc.sql("delete from reply_trainee where workspace_id = ?").param(ws).update();
        for (UUID person : inTraining) {
            jdbc.sql("insert into reply_trainee (workspace_id, user_id) values (?, ?) on conflict do nothing")
                    .params(ws, person)
                    .update();
        }
    }

    static Map<String, List<String>> phraseIds(CoachSettings coach) {
        Map<String, List<String>> out = new TreeMap<>();
        coach.extraPhrases().forEach((rule, phrases) -> out.put(rule.id(), phrases));
        return out;
    }

    /** Audits a change of the settings, in the caller's transaction. */
    void audited(Object before, Object after) {
        events.publishEvent(
                new Audited("reply.settings", "workspace", Tenant.require().toString(), before, after));
    }

    /** Marks the starter templates planted; true only for the first caller. */
    boolean claimStarterTemplates() {
        return jdbc.sql("""
                        insert into reply_settings (workspace_id, templates_seeded) values (?, true)
                        on conflict (workspace_id) do update set templates_seeded = true
                         where reply_settings.templates_seeded = false
                        returning workspace_id
                        """)
                .param(Tenant.require())
                .query(UUID.class)
                .optional()
                .isPresent();
    }
}
