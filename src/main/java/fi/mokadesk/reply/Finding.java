package fi.mokadesk.reply;

/**
 * One problem in a reply draft. {@code start}/{@code end} are Java string indices into the checked text
 * (end exclusive); absence rules report 0..0. The message names the guide's rule in the reply's language.
 */
public record Finding(CoachRule rule, Severity severity, int start, int end, String message) {}
