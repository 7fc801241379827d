/**
 * Listening: finds brand mentions in text with keyword rules that understand Finnish inflection
 * ("Kahvila Aromassa", "Mokadeskille", "HSL:n"), hashtags and concatenations, and refuse longer
 * unrelated words ("aromaterapia"). {@link fi.mokadesk.listening.KeywordMatcher} is the matcher (the
 * {@code match} command runs it offline); {@link fi.mokadesk.listening.KeywordRules} keeps each workspace's
 * rules (table {@code keyword_rule}, API {@code /api/v1/keyword-rules}); the rules decide which feed entries
 * become mentions (answering the feed channel's {@code MentionRules}) and tag the conversations of every
 * other channel that mention a brand, publishing {@link fi.mokadesk.listening.KeywordMentioned}. See
 * {@code docs/listening.md}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Listening",
        allowedDependencies = {"channel", "conversation", "database", "jsonl", "kernel", "workspace"})
package fi.mokadesk.listening;
