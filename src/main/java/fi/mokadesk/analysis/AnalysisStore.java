package fi.mokadesk.analysis;

import fi.mokadesk.conversation.MessageInsights;
import java.sql.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stored analyses and corrections; tells the conversation view what was found. */
@Component
class AnalysisStore implements MessageInsights {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    AnalysisStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(UUID messageId, Analysis analysis) {}

    /** Stores analyses of the current workspace's messages; an already analysed message is left alone. */
    int store(UUID workspace, List<Row> rows, String modelVersion) {
        int n = rows.size();
        String[] ids = new String[n],
                language = new String[n],
                sentiment = new String[n],
                sentimentScores = new String[n];
        String[] toxicity = new String[n],
                abusive = new String[n],
                abusiveScore = new String[n],
                category = new String[n];
        String[] urgency = new String[n], cues = new String[n], explanation = new String[n];
        for (int i = 0; i < n; i++) {
            Analysis a = rows.get(i).analysis();
            ids[i] = rows.get(i).messageId().toString();
            language[i] = a.language();
            sentiment[i] = a.sentiment();
            sentimentScores[i] = JSON.writeValueAsString(a.sentimentScores());
            toxicity[i] = JSON.writeValueAsString(a.toxicity());
            abusive[i] = String.valueOf(a.abusive());
            abusiveScore[i] = String.valueOf((float) a.abusiveScore());
            category[i] = a.category();
            urgency[i] = a.urgency().level();
            cues[i] = JSON.writeValueAsString(a.urgency().cues());
            explanation[i] = JSON.writeValueAsString(a.explanation());
        }
        return jdbc.sql("""
                        insert into message_analysis (workspace_id, message_id, language, sentiment, sentiment_scores,
                                                      toxicity, abusive, abusive_score, category, urgency, urgency_cues,
                                                      explanation, model_version)
                        select ?, t.id, t.language, t.sentiment, t.sentiment_scores, t.toxicity, t.abusive, t.abusive_score,
                               t.category, t.urgency, array(select json_array_elements_text(t.cues::json)), t.explanation, ?
                          from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::real[],
                                      ?::text[], ?::text[], ?::text[], ?::text[])
                               as t(id, language, sentiment, sentiment_scores, toxicity, abusive, abusive_score, category,
                                    urgency, cues, explanation)
                        on conflict (workspace_id, message_id) do nothing
                        """)
                .params(
                        workspace,
                        modelVersion,
                        ids,
                        language,
                        sentiment,
                        sentimentScores,
                        toxicity,
                        abusive,
                        abusiveScore,
                        category,
                        urgency,
                        cues,
                        explanation)
                .update();
    }

    @Override
    public Map<UUID, Insight> of(Collection<UUID> messageIds) {
        Map<UUID, Insight> result = new HashMap<>();
        jdbc.sql("""
                        select a.message_id, a.language, a.sentiment, a.category, a.abusive, a.urgency, a.urgency_cues,
                               a.explanation,
                               (select corrected from analysis_correction c where c.message_id = a.message_id
                                   and c.task = 'sentiment' order by corrected_at desc limit 1),
                               (select corrected from analysis_correction c where c.message_id = a.message_id
                                   and c.task = 'category' order by corrected_at desc limit 1),
                               (select corrected from analysis_correction c where c.message_id = a.message_id
                                   and c.task = 'abusive' order by corrected_at desc limit 1)
                          from message_analysis a where a.message_id = any(?::uuid[])
                        """)
                .param(messageIds.stream().map(UUID::toString).toArray(String[]::new))
                .query(rs -> {
                    List<String> corrected = new ArrayList<>();
                    String sentiment = rs.getString(3);
                    String category = rs.getString(4);
                    boolean abusive = rs.getBoolean(5);
                    if (rs.getString(9) != null) {
                        sentiment = rs.getString(9);
                        corrected.add("sentiment");
                    }
                    if (rs.getString(10) != null) {
                        category = rs.getString(10);
                        corrected.add("category");
                    }
                    if (rs.getString(11) != null) {
                        abusive = Boolean.parseBoolean(rs.getString(11));
                        corrected.add("abusive");
                    }
                    Array cues = rs.getArray(7);
                    result.put(
                            rs.getObject(1, UUID.class),
                            new Insight(
                                    rs.getString(2),
                                    sentiment,
                                    category,
                                    abusive,
                                    rs.getString(6),
                                    cues == null ? List.of() : Arrays.asList((String[]) cues.getArray()),
                                    why(rs.getString(8)),
                                    corrected));
                });
        return result;
    }

    /** "sentiment: huono, myöhässä · category: paketti" from the stored explanation. */
    static String why(String explanationJson) {
        Map<String, List<Map<String, Object>>> explanation = JSON.readValue(
                explanationJson, new TypeReference<LinkedHashMap<String, List<Map<String, Object>>>>() {});
        List<String> parts = new ArrayList<>();
        explanation.forEach((task, terms) -> {
            if (terms == null || terms.isEmpty()) return;
            parts.add(task + ": "
                    + String.join(
                            ", ",
                            terms.stream()
                                    .map(t -> String.valueOf(t.get("term")))
                                    .toList()));
        });
        return String.join(" · ", parts);
    }

    record Correction(UUID conversationId, String predicted) {}

    /** Stores an agent's correction; answers the message's conversation and the model's label. */
    Correction correct(UUID workspace, UUID messageId, String task, String label, String by) {
        Map<String, Object> row = jdbc.sql("""
                        select m.conversation_id, a.sentiment, a.category, a.abusive::text, a.language
                          from message m left join message_analysis a on a.message_id = m.id
                         where m.id = ? and m.kind = 'inbound'
                        """).param(messageId).query().listOfRows().stream()
                .findFirst()
                .orElse(null);
        if (row == null) return null;
        String predicted = switch (task) {
            case "sentiment" -> (String) row.get("sentiment");
            case "category" -> (String) row.get("category");
            case "abusive" -> (String) row.get("abusive");
            default -> (String) row.get("language");
        };
        jdbc.sql("""
                        insert into analysis_correction (workspace_id, message_id, task, predicted, corrected, corrected_by)
                        values (?, ?, ?, ?, ?, ?)
                        """).params(workspace, messageId, task, predicted, label, by).update();
        return new Correction((UUID) row.get("conversation_id"), predicted);
    }

    /** Corrected messages with their text: training data for the next model. */
    List<Map<String, Object>> corrections(int limit) {
        return jdbc.sql("""
                        select c.message_id, m.body as text, c.task, c.predicted, c.corrected, c.corrected_by, c.corrected_at
                          from analysis_correction c join message m on m.id = c.message_id
                         order by c.corrected_at desc limit ?
                        """).param(limit).query().listOfRows();
    }

    /**
     * Per model version, oldest first: how many customer messages it analysed and how many of its
     * labels agents corrected, per task; agreement is the share left uncorrected.
     */
    List<Map<String, Object>> agreement() {
        List<Map<String, Object>> out = new ArrayList<>();
        jdbc.sql("""
                        select a.model_version, count(*) as analysed, min(a.analyzed_at) as first_analysed,
                               count(*) filter (where c.sentiment) as sentiment,
                               count(*) filter (where c.category) as category,
                               count(*) filter (where c.abusive) as abusive,
                               count(*) filter (where c.language) as language
                          from message_analysis a
                          left join lateral (
                                select bool_or(x.task = 'sentiment') as sentiment, bool_or(x.task = 'category') as category,
                                       bool_or(x.task = 'abusive') as abusive, bool_or(x.task = 'language') as language
                                  from analysis_correction x
                                 where x.workspace_id = a.workspace_id and x.message_id = a.message_id) c on true
                         group by a.model_version
                         order by first_analysed
                        """).query(rs -> {
            long analysed = rs.getLong("analysed");
            Map<String, Object> tasks = new LinkedHashMap<>();
            for (String task : List.of("sentiment", "category", "abusive", "language")) {
                long corrected = rs.getLong(task);
                tasks.put(
                        task,
                        Map.of(
                                "corrected",
                                corrected,
                                "agreement",
                                Math.round(10000.0 * (analysed - corrected) / analysed) / 10000.0));
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("modelVersion", rs.getString("model_version"));
            row.put("firstAnalysed", rs.getObject("first_analysed", java.time.OffsetDateTime.class));
            row.put("analysed", analysed);
            row.put("tasks", tasks);
            out.add(row);
        });
        return out;
    }
}
