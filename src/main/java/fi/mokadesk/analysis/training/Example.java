package fi.mokadesk.analysis.training;

/**
 * One labelled training text.
 *
 * @param weight importance of the example before class balancing
 * @param group the unit within which labels are balanced (for sentiment: the language)
 * @param source where it comes from ({@code xed}, {@code tweeteval}, {@code customer}, …); model
 *     candidates may weight sources differently
 * @param dev the evaluation set its cross-validation prediction counts towards, or {@code null} for
 *     training-only material (team-written extras, Banking77, corrections)
 */
record Example(String text, String label, float weight, String group, String source, String dev) {
    Example withWeight(float w) {
        return new Example(text, label, w, group, source, dev);
    }
}
