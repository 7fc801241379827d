package fi.mokadesk.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Stored analyses and agents' corrections of them. */
@Component
class AnalysisStore {

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

    /**
     * Stores an agent's correction of a customer message's label; answers the model's label (null when the
     * message has no analysis yet).
     */
    String correct(UUID workspace, UUID messageId, String task, String label, String by) {
        Map<String, Object> row = jdbc.sql("""
                        select sentiment, category, abusive::text as abusive, language
                          from message_analysis where message_id = ?
                        """).param(messageId).query().listOfRows().stream()
                .findFirst()
                .orElse(Map.of());
        String predicted = (String) row.get(task);
        jdbc.sql("""
                        insert into analysis_correction (workspace_id, message_id, task, predicted, corrected, corrected_by)
                        values (?, ?, ?, ?, ?, ?)
                        """).params(workspace, messageId, task, predicted, label, by).update();
        return predicted;
    }

    /** The latest corrections, newest first; the message texts are added by the caller. */
    List<Map<String, Object>> corrections(int limit) {
        return jdbc.sql("""
                        select message_id, task, predicted, corrected, corrected_by, corrected_at
                          from analysis_correction order by corrected_at desc limit ?
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
