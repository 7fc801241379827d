package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import java.util.List;

/** The labels of every task, in the order the model stores them. */
final class Labels {
    static final List<String> LANGUAGES = List.of("fi", "sv", "en", "other");
    static final List<String> SENTIMENTS = List.of("negative", "neutral", "positive");
    static final List<String> CATEGORIES = List.of(
            "product", "service", "delivery", "billing", "instructions", "user_error", "praise", "question", "other");
    static final List<String> BINARY = List.of("no", "yes");

    private Labels() {}

    static List<String> of(String task) {
        return switch (task) {
            case MessageAnalyzer.TASK_LANGUAGE -> LANGUAGES;
            case MessageAnalyzer.TASK_SENTIMENT -> SENTIMENTS;
            case MessageAnalyzer.TASK_CATEGORY -> CATEGORIES;
            default -> BINARY;
        };
    }

    static String toxicity(String attribute) {
        return MessageAnalyzer.TOX_PREFIX + attribute;
    }
}
