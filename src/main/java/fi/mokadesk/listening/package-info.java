/**
 * Listening: finds brand mentions in text with keyword rules that understand Finnish inflection
 * ("Kahvila Aromassa", "Mokadeskille", "HSL:n"), hashtags and concatenations, and refuse longer
 * unrelated words ("aromaterapia"). {@link fi.mokadesk.listening.KeywordMatcher} is the API; the
 * {@code match} command runs it offline. See {@code docs/listening.md}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Listening",
        allowedDependencies = {"jsonl", "kernel"})
package fi.mokadesk.listening;
