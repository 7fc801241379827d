package fi.mokadesk.analysis;

import java.util.List;
import java.util.Map;

/**
 * What the desk knows about one customer message.
 *
 * @param language fi, sv, en or other
 * @param languageScores probability of each language
 * @param sentiment negative, neutral or positive
 * @param sentimentScores probability of each sentiment
 * @param toxicity probability of each toxicity attribute (toxicity, severe_toxicity, obscene,
 *     insult, identity_attack, threat)
 * @param abusive whether staff may hide and report the message (threats, identity attacks, severe
 *     toxicity, strong insults); plain swearing in a complaint is not abusive
 * @param abusiveScore probability behind {@code abusive}
 * @param category product, service, delivery, billing, instructions, user_error, praise, question or
 *     other; {@code null} when the message says too little to tell ({@code lowSignal})
 * @param categoryScores probability of each category
 * @param urgency cues that the customer expects quick action or is escalating
 * @param explanation for sentiment, category and abusive: the words that pushed most towards the
 *     chosen label, strongest first
 * @param lowSignal the message has too little to go on (no words, or no category is likely enough):
 *     the scores are low-confidence and no category is given
 */
public record Analysis(
        String language,
        Map<String, Double> languageScores,
        String sentiment,
        Map<String, Double> sentimentScores,
        Map<String, Double> toxicity,
        boolean abusive,
        double abusiveScore,
        String category,
        Map<String, Double> categoryScores,
        Urgency urgency,
        Map<String, List<Contribution>> explanation,
        boolean lowSignal) {

    /**
     * Urgency cues found in a message.
     *
     * @param level none, elevated (deadlines, cancelling, asking for a manager) or high (legal steps,
     *     authorities, threats)
     * @param cues the words that were recognised, as written in the message (lower-cased)
     */
    public record Urgency(String level, List<String> cues) {}

    /**
     * One word's pull towards a label.
     *
     * @param term the word (lower-cased)
     * @param weight its contribution to the label's score relative to the other labels
     */
    public record Contribution(String term, double weight) {}
}
